package dev.licex.desktop.handshake;

import dev.licex.desktop.handshake.DiagramRow.Fate;
import dev.licex.desktop.handshake.DiagramRow.Kind;
import dev.licex.protocol.event.Holding;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a trace into the diagram at a point of it: an arrow per message (ending in a cross when
 * lost, marked when it arrived unusable), a note per durable write and retry, the faults, the
 * holding bars, and what each side holds.
 */
public final class FrameBuilder {

    private static final Set<String> FINAL = Set.of("COMPLETED", "CANCELLED", "REJECTED", "FAILED", "CONFLICT");

    private FrameBuilder() {
    }

    /** The frame after the events {@code 0..cursor} (inclusive) have happened. */
    public static HandshakeFrame build(List<ProtocolEvent> events, int cursor) {
        int last = Math.min(cursor, events.size() - 1);
        List<DiagramRow> rows = new ArrayList<>();
        int[] clientBar = null;
        int[] serverBar = null;
        Holding client = null;
        Holding server = null;
        boolean serverSentSinceRequest = false;
        for (int i = 0; i <= last; i++) {
            ProtocolEvent event = events.get(i);
            switch (event) {
                case ProtocolEvent.MessageSent sent when sent.side() == Side.CLIENT -> {
                    serverSentSinceRequest = false;
                    rows.add(new DiagramRow(Kind.ARROW, Side.CLIENT, sent.leg().label()
                            + (sent.attempt() > 1 ? "  (retry " + (sent.attempt() - 1) + ")" : "") + "   "
                            + sent.summary(), requestFate(events, i, last, sent.leg()), i));
                }
                case ProtocolEvent.MessageSent sent -> {
                    serverSentSinceRequest = true;
                    rows.add(new DiagramRow(Kind.ARROW, Side.SERVER, sent.leg().label() + "   " + sent.summary(),
                            answerFate(events, i, last, sent.leg()), i));
                }
                case ProtocolEvent.MessageReceived received -> {
                    // Without the server's side (a remote server) the answer's arrow is drawn from what arrived.
                    if (received.side() == Side.CLIENT && !serverSentSinceRequest) {
                        rows.add(new DiagramRow(Kind.ARROW, Side.SERVER, received.leg().label() + "   "
                                + received.summary(), received.status() < 300 ? Fate.ARRIVED : Fate.SPOILED, i));
                    }
                }
                case ProtocolEvent.MessageLost lost -> rows.add(new DiagramRow(Kind.NOTE, Side.CLIENT,
                        "no answer to " + lost.leg().label() + ": " + lost.reason(), Fate.NONE, i));
                case ProtocolEvent.Stored stored -> {
                    rows.add(new DiagramRow(Kind.NOTE, stored.side(), "stored: " + stored.change(), Fate.NONE, i));
                    int row = rows.size() - 1;
                    boolean ends = FINAL.contains(String.valueOf(stored.holding().state()));
                    if (stored.side() == Side.CLIENT) {
                        client = carried(client, stored.holding());
                        clientBar = bar(clientBar, row, ends);
                    } else {
                        server = carried(server, stored.holding());
                        serverBar = bar(serverBar, row, ends);
                    }
                }
                case ProtocolEvent.RetryScheduled retry -> rows.add(new DiagramRow(Kind.NOTE, Side.CLIENT,
                        "will resend " + retry.leg().label() + " in " + retry.delayMillis() + " ms (" + retry.reason()
                                + ")", Fate.NONE, i));
                case ProtocolEvent.FaultApplied fault -> rows.add(new DiagramRow(Kind.FAULT, Side.SERVER,
                        "fault " + fault.action() + " on " + fault.leg().label() + ": " + fault.detail(), Fate.NONE, i));
                case ProtocolEvent.Repeat repeat -> rows.add(new DiagramRow(Kind.NOTE, Side.SERVER,
                        "repeat of " + repeat.leg().label() + ": " + repeat.detail(), Fate.NONE, i));
                case ProtocolEvent.Paused paused -> rows.add(new DiagramRow(Kind.NOTE, Side.CLIENT,
                        "paused before " + paused.leg().label() + " (step mode: Next sends it)", Fate.NONE, i));
                case ProtocolEvent.Finished finished -> rows.add(new DiagramRow(Kind.NOTE, Side.CLIENT,
                        "finished: " + finished.outcome() + " (" + finished.detail() + ")", Fate.NONE, i));
                case ProtocolEvent.ServerRestarted restarted -> rows.add(new DiagramRow(Kind.RESTART, Side.SERVER,
                        "server restarted: " + restarted.reason(), Fate.NONE, i));
            }
        }
        String explanation = last < 0 ? "Nothing has happened yet." : Explanations.explain(events.get(last));
        return new HandshakeFrame(List.copyOf(rows), clientBar, serverBar, client, server, explanation);
    }

    /** A write names only what it changed; what the side held before and still holds carries over. */
    private static Holding carried(Holding before, Holding now) {
        if (before == null) {
            return now;
        }
        return new Holding(now.state(), now.offerId() != null ? now.offerId() : before.offerId(),
                now.rightsId() != null ? now.rightsId() : before.rightsId(),
                now.stock() != null ? now.stock() : before.stock(), now.holdsId(), now.holdsRights());
    }

    private static int[] bar(int[] bar, int row, boolean ends) {
        if (bar == null) {
            return new int[] {row, ends ? row : -1};
        }
        if (ends && bar[1] < 0) {
            return new int[] {bar[0], row};
        }
        return bar;
    }

    /** How a request of the device ended, as far as the trace shows up to {@code last}. */
    private static Fate requestFate(List<ProtocolEvent> events, int from, int last, Leg leg) {
        for (int j = from + 1; j <= last; j++) {
            ProtocolEvent e = events.get(j);
            if (e instanceof ProtocolEvent.MessageSent next && next.side() == Side.CLIENT) {
                break;
            }
            if (e instanceof ProtocolEvent.FaultApplied fault && fault.leg() == leg
                    && fault.action().equals("DROP_REQUEST")) {
                return Fate.LOST;
            }
            if (e instanceof ProtocolEvent.MessageReceived) {
                return Fate.ARRIVED;
            }
            if (e instanceof ProtocolEvent.FaultApplied) {
                return Fate.ARRIVED;
            }
            if (e instanceof ProtocolEvent.MessageLost) {
                return Fate.LOST;
            }
        }
        return Fate.IN_FLIGHT;
    }

    /** How a server answer ended: delivered, lost, or delivered but unusable. */
    private static Fate answerFate(List<ProtocolEvent> events, int from, int last, Leg answer) {
        for (int j = from + 1; j <= last; j++) {
            ProtocolEvent e = events.get(j);
            if (e instanceof ProtocolEvent.MessageSent next && next.side() == Side.CLIENT) {
                break;
            }
            if (e instanceof ProtocolEvent.MessageSent again && again.side() == Side.SERVER && again.leg() == answer) {
                return Fate.LOST;
            }
            if (e instanceof ProtocolEvent.MessageLost) {
                return Fate.LOST;
            }
            if (e instanceof ProtocolEvent.MessageReceived received && received.side() == Side.CLIENT) {
                for (int k = j + 1; k <= last; k++) {
                    ProtocolEvent after = events.get(k);
                    if (after instanceof ProtocolEvent.RetryScheduled) {
                        return Fate.SPOILED;
                    }
                    if (after instanceof ProtocolEvent.Stored || after instanceof ProtocolEvent.MessageSent
                            || after instanceof ProtocolEvent.Finished) {
                        break;
                    }
                }
                return received.status() < 300 ? Fate.ARRIVED : Fate.SPOILED;
            }
        }
        return Fate.IN_FLIGHT;
    }
}
