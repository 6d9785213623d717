package dev.licex.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.rights.RightsStatus;
import dev.licex.protocol.rights.UseRefusedException;
import dev.licex.protocol.testing.Invariant;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcquisitionTest {

    @TempDir
    Path dir;
    private TestServer server;
    private TestDevice device;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server"));
        device = TestDevice.of(dir.resolve("device"), server.transport());
    }

    @AfterEach
    void stop() {
        device.close();
        server.close();
    }

    @Test
    void anAcquisitionStoresSignedRightsAndTakesOneUnitOfStock() throws Exception {
        Outcome outcome = device.engine.acquire(TestServer.FILM, "The Long Voyage");

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        HeldRights rights = ((Outcome.Completed) outcome).rights();
        assertThat(rights.rights().offerId()).isEqualTo(TestServer.FILM);
        assertThat(rights.rights().deviceId()).isEqualTo(device.store.deviceId());
        assertThat(rights.rights().accountId()).isEqualTo(TestServer.ALICE);
        assertThat(rights.rights().rules().notAfter()).isNotNull();
        assertThat(rights.rights().rightsId().version()).as("time-ordered, so the server's rights index is appended to")
                .isEqualTo(7);
        assertThat(rights.statusAt(Instant.now())).isEqualTo(RightsStatus.VALID);
        assertThat(device.store.find(outcome.transactionId()).orElseThrow().state()).isEqualTo(ClientState.COMPLETED);
        LedgerLine line = server.runtime.engine().ledger(TestServer.ALICE).offers().stream()
                .filter(l -> l.offerId().equals(TestServer.FILM)).findFirst().orElseThrow();
        assertThat(line.stock()).isEqualTo(TestServer.STOCK - 1);
        assertThat(line.issued()).isEqualTo(1);
        assertThat(line.completed()).isEqualTo(1);
        Invariant.assertHolds(server.runtime, device.store);
    }

    @Test
    void theClientStoresTheTransactionIdBeforeItSendsAnything() throws Exception {
        List<ProtocolEvent> clientEvents = new CopyOnWriteArrayList<>();
        device.events.subscribe(clientEvents::add);

        device.engine.acquire(TestServer.FILM, null);

        assertThat(clientEvents.get(0)).isInstanceOf(ProtocolEvent.Stored.class);
        assertThat(((ProtocolEvent.Stored) clientEvents.get(0)).holding().state()).isEqualTo("CREATED");
        assertThat(clientEvents.get(1)).isInstanceOf(ProtocolEvent.MessageSent.class);
        List<String> order = clientEvents.stream().map(e -> switch (e) {
            case ProtocolEvent.Stored s -> "stored " + s.holding().state();
            case ProtocolEvent.MessageSent m -> "sent " + m.leg();
            case ProtocolEvent.MessageReceived m -> "received " + m.leg();
            default -> e.getClass().getSimpleName();
        }).toList();
        assertThat(order).containsExactly("stored CREATED", "sent OPEN", "received OPENED", "stored OPENED",
                "sent REQUEST", "received RIGHTS", "stored RIGHTS_STORED", "sent COMPLETE", "received COMPLETED",
                "stored COMPLETED", "Finished");
    }

    @Test
    void playsAreCountedAndRefusedOnceUsedUp() throws Exception {
        Outcome outcome = device.engine.acquire(TestServer.SONG, "Blue Hour");
        var rightsId = ((Outcome.Completed) outcome).rights().rightsId();

        assertThat(device.store.use(rightsId).playsLeft()).isEqualTo(2);
        assertThat(device.store.use(rightsId).playsLeft()).isEqualTo(1);
        assertThat(device.store.use(rightsId).playsLeft()).isZero();
        assertThatThrownBy(() -> device.store.use(rightsId))
                .isInstanceOf(UseRefusedException.class)
                .hasMessageContaining("all 3 plays");
        assertThat(device.store.rights(rightsId).orElseThrow().statusAt(Instant.now())).isEqualTo(RightsStatus.USED_UP);
    }

    @Test
    void runningOutOfStockRefusesAndFinishesTheTransaction() throws Exception {
        for (int i = 0; i < TestServer.SCARCE_STOCK; i++) {
            assertThat(device.engine.acquire(TestServer.SCARCE, null)).isInstanceOf(Outcome.Completed.class);
        }
        Outcome refused = device.engine.acquire(TestServer.SCARCE, null);

        assertThat(refused).isInstanceOf(Outcome.Refused.class);
        assertThat(((Outcome.Refused) refused).problem().errorCode()).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(device.store.find(refused.transactionId()).orElseThrow().state()).isEqualTo(ClientState.REJECTED);
        assertThat(device.store.unfinished()).isEmpty();
        Invariant.assertHolds(server.runtime, device.store);
    }

    @Test
    void anUnknownOfferIsRefused() throws Exception {
        Outcome refused = device.engine.acquire("no-such-offer", null);

        assertThat(refused).isInstanceOf(Outcome.Refused.class);
        assertThat(((Outcome.Refused) refused).problem().errorCode()).isEqualTo(ErrorCode.UNKNOWN_OFFER);
    }

    @Test
    void aWrongTokenFailsWithoutRetrying() throws Exception {
        try (TestDevice stranger = new TestDevice(dir.resolve("stranger"), server.transport(), "wrong-token",
                RetryPolicy.fast(), StepGate.OPEN)) {
            Outcome failed = stranger.engine.acquire(TestServer.FILM, null);

            assertThat(failed).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed) failed).problem().errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(stranger.store.find(failed.transactionId()).orElseThrow().attempts()).isZero();
        }
    }

    @Test
    void aDeviceKeepsItsIdAcrossRestarts() {
        var id = device.store.deviceId();
        device.close();
        device = TestDevice.of(dir.resolve("device"), server.transport());
        assertThat(device.store.deviceId()).isEqualTo(id);
    }
}
