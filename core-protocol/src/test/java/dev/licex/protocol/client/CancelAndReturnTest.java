package dev.licex.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.rights.RightsStatus;
import dev.licex.protocol.rights.UseRefusedException;
import dev.licex.protocol.testing.Invariant;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT.md section 7: rights flow back to the server exactly once. */
class CancelAndReturnTest {

    @TempDir
    Path dir;
    TestServer server;
    TestDevice device;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server"));
        device = new TestDevice(dir.resolve("device"), server.transport(), TestServer.ALICE_TOKEN,
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)), StepGate.OPEN);
    }

    @AfterEach
    void stop() {
        device.close();
        server.close();
    }

    private LedgerLine film() {
        return server.runtime.engine().ledger(TestServer.ALICE).offers().stream()
                .filter(l -> l.offerId().equals(TestServer.FILM)).findFirst().orElseThrow();
    }

    /** An acquisition left pending at the given state by a fault that keeps firing. */
    private UUID pendingAcquisition(Leg leg, FaultAction action) throws Exception {
        server.faults.add(FaultRule.always(leg, action));
        Outcome pending = device.engine.acquire(TestServer.FILM, "The Long Voyage");
        assertThat(pending).isInstanceOf(Outcome.Pending.class);
        server.faults.clear();
        return pending.transactionId();
    }

    @Test
    void cancellingBeforeTheServerIssuedLeavesNothingAnywhere() throws Exception {
        UUID tid = pendingAcquisition(Leg.REQUEST, FaultAction.DROP_REQUEST);

        assertThat(device.engine.cancel(tid)).isInstanceOf(Outcome.Cancelled.class);

        assertThat(device.store.find(tid).orElseThrow().state()).isEqualTo(ClientState.CANCELLED);
        assertThat(server.runtime.engine().status(TestServer.ALICE, tid).state()).isEqualTo(ServerState.CANCELLED);
        assertThat(film().issued()).isZero();
        assertThat(film().stock()).isEqualTo(TestServer.STOCK);
        Invariant.assertHolds(server.runtime, device.store);
    }

    @Test
    void cancellingAfterTheServerIssuedRestoresTheStock() throws Exception {
        UUID tid = pendingAcquisition(Leg.REQUEST, FaultAction.DROP_RESPONSE);
        assertThat(film().issued()).isEqualTo(1);

        assertThat(device.engine.cancel(tid)).isInstanceOf(Outcome.Cancelled.class);

        assertThat(film().issued()).isZero();
        assertThat(film().stock()).isEqualTo(TestServer.STOCK);
        assertThat(device.store.rights()).isEmpty();
        Invariant.assertHolds(server.runtime, device.store);
    }

    @Test
    void cancellingAfterTheDeviceStoredTheRightsDeletesThem() throws Exception {
        UUID tid = pendingAcquisition(Leg.COMPLETE, FaultAction.DROP_REQUEST);
        assertThat(device.store.rights()).hasSize(1);

        assertThat(device.engine.cancel(tid)).isInstanceOf(Outcome.Cancelled.class);

        assertThat(device.store.rights()).isEmpty();
        assertThat(film().issued()).isZero();
        Invariant.assertHolds(server.runtime, device.store);
    }

    @Test
    void aCancellationTheServerRefusesBecauseItCompletedKeepsTheRights() throws Exception {
        UUID tid = pendingAcquisition(Leg.COMPLETE, FaultAction.DROP_RESPONSE);
        assertThat(server.runtime.engine().status(TestServer.ALICE, tid).state()).isEqualTo(ServerState.COMPLETED);

        Outcome outcome = device.engine.cancel(tid);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        var rights = ((Outcome.Completed) outcome).rights();
        assertThat(device.store.status(rights)).isEqualTo(RightsStatus.VALID);
        assertThat(device.store.history(tid)).anyMatch(h -> h.detail().contains("completed T before the cancellation"));
        assertThat(film().issued()).isEqualTo(1);
        Invariant.assertHolds(server.runtime, device.store);
    }

    @Test
    void whileACancellationIsPendingTheRightsCannotBeUsed() throws Exception {
        UUID tid = pendingAcquisition(Leg.COMPLETE, FaultAction.DROP_REQUEST);
        server.faults.add(FaultRule.always(Leg.CANCEL, FaultAction.DROP_REQUEST));

        assertThat(device.engine.cancel(tid)).isInstanceOf(Outcome.Pending.class);

        var held = device.store.rights().get(0);
        assertThat(device.store.status(held)).isEqualTo(RightsStatus.BEING_CANCELLED);
        assertThatThrownBy(() -> device.store.use(held.rightsId())).isInstanceOf(UseRefusedException.class);
        server.faults.clear();
        assertThat(device.engine.recover()).singleElement().isInstanceOf(Outcome.Cancelled.class);
        Invariant.assertHolds(server.runtime, device.store);
    }

    @Test
    void aCompletedAcquisitionCannotBeCancelled() throws Exception {
        Outcome done = device.engine.acquire(TestServer.FILM, null);

        assertThatThrownBy(() -> device.engine.cancel(done.transactionId()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("return its rights instead");
    }

    @Test
    void aReturnGivesTheUnitBackAndDeletesTheRights() throws Exception {
        Outcome.Completed acquired = (Outcome.Completed) device.engine.acquire(TestServer.FILM, null);

        Outcome returned = device.engine.returnRights(acquired.rights().rightsId());

        assertThat(returned).isInstanceOf(Outcome.Returned.class);
        assertThat(device.store.rights()).isEmpty();
        LedgerLine film = film();
        assertThat(film.returned()).isEqualTo(1);
        assertThat(film.issued()).isEqualTo(1);
        assertThat(film.stock()).isEqualTo(TestServer.STOCK);
        assertThat(film.balanced()).isTrue();
        Invariant.assertHolds(server.runtime, device.store);
        assertThatThrownBy(() -> device.engine.beginReturn(acquired.rights().rightsId()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not on this device");
    }

    @Test
    void rightsBeingReturnedCannotBeUsedNorReturnedTwice() throws Exception {
        Outcome.Completed acquired = (Outcome.Completed) device.engine.acquire(TestServer.FILM, null);
        server.faults.add(FaultRule.always(Leg.REQUEST, FaultAction.DROP_REQUEST));

        assertThat(device.engine.returnRights(acquired.rights().rightsId())).isInstanceOf(Outcome.Pending.class);

        UUID rightsId = acquired.rights().rightsId();
        assertThat(device.store.status(device.store.rights(rightsId).orElseThrow()))
                .isEqualTo(RightsStatus.BEING_RETURNED);
        assertThatThrownBy(() -> device.store.use(rightsId)).isInstanceOf(UseRefusedException.class);
        assertThatThrownBy(() -> device.engine.beginReturn(rightsId)).isInstanceOf(IllegalStateException.class);
        server.faults.clear();
        assertThat(device.engine.recover()).singleElement().isInstanceOf(Outcome.Returned.class);
        Invariant.assertHolds(server.runtime, device.store);
    }

    @Test
    void anotherAccountOrDeviceCannotReturnRightsItDoesNotHold() throws Exception {
        Outcome.Completed acquired = (Outcome.Completed) device.engine.acquire(TestServer.FILM, null);
        UUID rightsId = acquired.rights().rightsId();
        ServerConnection bob = new ServerConnection(server.transport(), TestServer.BOB_TOKEN);
        ServerConnection aliceElsewhere = new ServerConnection(server.transport(), TestServer.ALICE_TOKEN);
        UUID bobsReturn = dev.licex.protocol.message.Uuids.v7();
        UUID otherDevicesReturn = dev.licex.protocol.message.Uuids.v7();

        bob.open(bobsReturn, device.store.deviceId(), dev.licex.protocol.message.TransactionKind.RETURN);
        assertThat(bob.returnRights(bobsReturn, rightsId).status()).isEqualTo(409);
        aliceElsewhere.open(otherDevicesReturn, UUID.randomUUID(), dev.licex.protocol.message.TransactionKind.RETURN);
        assertThat(aliceElsewhere.returnRights(otherDevicesReturn, rightsId).bodyText()).contains("another device");

        assertThat(film().returned()).isZero();
    }
}
