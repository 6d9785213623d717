package dev.licex.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulStopTest {

    @TempDir
    Path dir;

    @Test
    void aRequestInFlightFinishesBeforeTheServerStopsAndItsWriteIsKept() throws Exception {
        TestRightsServer server = TestRightsServer.start(dir);
        AtomicBoolean inFlight = new AtomicBoolean();
        server.server.events().subscribe(e -> inFlight.compareAndSet(false, e instanceof ProtocolEvent.FaultApplied));
        server.server.faults().add(new FaultRule(Leg.OPEN, FaultAction.DELAY, 1, null, 700, null));
        UUID tid = Uuids.v7();

        CompletableFuture<HttpResponse<String>> answer = server.http.sendAsync(server.post("/v1/transactions",
                TestServer.ALICE_TOKEN, "{\"transactionId\":\"" + tid + "\",\"deviceId\":\"" + UUID.randomUUID()
                        + "\"}").build(), HttpResponse.BodyHandlers.ofString());
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilTrue(inFlight);
        server.server.close();

        assertThat(answer.get().statusCode()).isEqualTo(201);
        server.http.close();
        try (TestServer reopened = TestServer.reopen(dir)) {
            assertThat(reopened.runtime.engine().status(TestServer.ALICE, tid).state()).isEqualTo(ServerState.OPEN);
        }
    }
}
