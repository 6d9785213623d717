package dev.licex.desktop.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.desktop.handshake.DiagramRow.Fate;
import dev.licex.desktop.handshake.DiagramRow.Kind;
import dev.licex.protocol.event.Holding;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.Side;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The diagram drawn from a recorded trace at each point of it, without a window. */
class FrameBuilderTest {

    private static final UUID T = UUID.randomUUID();
    private static final UUID R = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    /** An acquisition whose rights answer is lost once and repaired by a resend. */
    private static final List<ProtocolEvent> LOST_ANSWER = List.of(
            new ProtocolEvent.Stored(AT, Side.CLIENT, T, "stored new T", new Holding("CREATED", "film-1", null, null,
                    true, false)),
            new ProtocolEvent.MessageSent(AT, Side.CLIENT, T, Leg.OPEN, 1, "T=...", "CREATED", null),
            new ProtocolEvent.MessageReceived(AT, Side.SERVER, T, Leg.OPEN, 0, "open", "alice"),
            new ProtocolEvent.Stored(AT, Side.SERVER, T, "stored T (OPEN)", new Holding("OPEN", "film-1", null, null,
                    true, false)),
            new ProtocolEvent.MessageSent(AT, Side.SERVER, T, Leg.OPENED, 1, "201 OPEN", "OPEN", "alice"),
            new ProtocolEvent.MessageReceived(AT, Side.CLIENT, T, Leg.OPENED, 201, "201 OPEN", null),
            new ProtocolEvent.Stored(AT, Side.CLIENT, T, "the server holds T", new Holding("OPENED", null, null, null,
                    true, false)),
            new ProtocolEvent.MessageSent(AT, Side.CLIENT, T, Leg.REQUEST, 1, "offerId=film-1", "OPENED", null),
            new ProtocolEvent.MessageReceived(AT, Side.SERVER, T, Leg.REQUEST, 0, "request", "alice"),
            new ProtocolEvent.Stored(AT, Side.SERVER, T, "issued rights", new Holding("ISSUED", null, R, 99, true,
                    true)),
            new ProtocolEvent.MessageSent(AT, Side.SERVER, T, Leg.RIGHTS, 1, "200 ISSUED", "ISSUED", "alice"),
            new ProtocolEvent.FaultApplied(AT, Side.SERVER, T, Leg.REQUEST, "DROP_RESPONSE", "answer dropped"),
            new ProtocolEvent.MessageLost(AT, Side.CLIENT, T, Leg.REQUEST, "connection cut"),
            new ProtocolEvent.RetryScheduled(AT, Side.CLIENT, T, Leg.REQUEST, 2, 120, "connection cut"),
            new ProtocolEvent.MessageSent(AT, Side.CLIENT, T, Leg.REQUEST, 2, "offerId=film-1", "OPENED", null),
            new ProtocolEvent.MessageReceived(AT, Side.SERVER, T, Leg.REQUEST, 0, "request", "alice"),
            new ProtocolEvent.Repeat(AT, Side.SERVER, T, Leg.REQUEST, "answered from the store"),
            new ProtocolEvent.MessageSent(AT, Side.SERVER, T, Leg.RIGHTS, 2, "200 ISSUED", "ISSUED", "alice"),
            new ProtocolEvent.MessageReceived(AT, Side.CLIENT, T, Leg.RIGHTS, 200, "200 ISSUED", null),
            new ProtocolEvent.Stored(AT, Side.CLIENT, T, "verified and stored rights", new Holding("RIGHTS_STORED",
                    null, R, null, true, true)));

    private static DiagramRow rowOf(HandshakeFrame frame, int event) {
        return frame.rows().stream().filter(r -> r.eventIndex() == event).findFirst().orElseThrow();
    }

    @Test
    void beforeAnythingHappenedNeitherSideHoldsAnything() {
        HandshakeFrame frame = FrameBuilder.build(LOST_ANSWER, -1);
        assertThat(frame.rows()).isEmpty();
        assertThat(frame.client()).isNull();
        assertThat(frame.server()).isNull();
        assertThat(frame.explanation()).isEqualTo("Nothing has happened yet.");
    }

    @Test
    void anAnswerNotYetResolvedIsInFlightAndLaterDrawnLost() {
        assertThat(rowOf(FrameBuilder.build(LOST_ANSWER, 10), 10).fate()).isEqualTo(Fate.IN_FLIGHT);

        HandshakeFrame end = FrameBuilder.build(LOST_ANSWER, LOST_ANSWER.size() - 1);
        assertThat(rowOf(end, 10).fate()).as("the dropped answer ends in a cross").isEqualTo(Fate.LOST);
        assertThat(rowOf(end, 17).fate()).as("the repeat's answer arrives").isEqualTo(Fate.ARRIVED);
        assertThat(rowOf(end, 7).fate()).isEqualTo(Fate.ARRIVED);
        assertThat(rowOf(end, 14).label()).contains("(retry 1)");
        assertThat(rowOf(end, 11).kind()).isEqualTo(Kind.FAULT);
        assertThat(rowOf(end, 16).label()).startsWith("repeat of 3 REQUEST");
    }

    @Test
    void holdingsCarryOverWritesThatNameOnlyWhatChanged() {
        HandshakeFrame frame = FrameBuilder.build(LOST_ANSWER, LOST_ANSWER.size() - 1);
        assertThat(frame.client().state()).isEqualTo("RIGHTS_STORED");
        assertThat(frame.client().offerId()).as("kept from the first write").isEqualTo("film-1");
        assertThat(frame.client().rightsId()).isEqualTo(R);
        assertThat(frame.server().state()).isEqualTo("ISSUED");
        assertThat(frame.server().stock()).isEqualTo(99);
        assertThat(frame.server().offerId()).isEqualTo("film-1");
    }

    @Test
    void holdingBarsStartAtEachSidesFirstWriteAndStayOpenUntilTheEnd() {
        HandshakeFrame early = FrameBuilder.build(LOST_ANSWER, 0);
        assertThat(early.clientBar()).containsExactly(0, -1);
        assertThat(early.serverBar()).isNull();

        HandshakeFrame later = FrameBuilder.build(LOST_ANSWER, LOST_ANSWER.size() - 1);
        assertThat(later.clientBar()[1]).isEqualTo(-1);
        assertThat(later.serverBar()[0]).isEqualTo(later.rows().indexOf(rowOf(later, 3)));
        assertThat(later.serverBar()[1]).isEqualTo(-1);
    }

    @Test
    void theExplanationOfAFaultSaysHowTheProtocolRepairsIt() {
        String explanation = FrameBuilder.build(LOST_ANSWER, 11).explanation();
        assertThat(explanation).contains("DROP_RESPONSE").contains("resends the same leg")
                .contains("answers from its store");
    }
}
