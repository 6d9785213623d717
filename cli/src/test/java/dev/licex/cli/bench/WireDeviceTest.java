package dev.licex.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.signature.SigningKey;
import dev.licex.protocol.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's storeless device against a real server engine on an H2 file, in process. */
class WireDeviceTest {

    private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));

    @TempDir
    java.nio.file.Path dir;

    private TestServer server;
    private ServerConnection connection;
    private final LongAdder retries = new LongAdder();
    private final LongAdder verified = new LongAdder();

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        connection = new ServerConnection(server.transport(), TestServer.ALICE_TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, Jwk> publishedKeys() throws Exception {
        Map<String, Jwk> keys = new HashMap<>();
        for (Jwk key : connection.keys().keys()) {
            keys.put(key.kid(), key);
        }
        return keys;
    }

    private WireDevice device(Map<String, Jwk> keys, int verifyEvery) {
        return new WireDevice(connection, keys, verifyEvery, QUICK, retries, verified);
    }

    private LedgerLine ledger(String offerId) throws Exception {
        return connection.ledger().offers().stream().filter(line -> line.offerId().equals(offerId)).findFirst()
                .orElseThrow();
    }

    @Test
    void acquisitionsCompleteOnTheServerAndEverySampledSignatureIsVerified() throws Exception {
        WireDevice device = device(publishedKeys(), 2);

        for (int i = 0; i < 4; i++) {
            assertThat(device.acquire(TestServer.FILM)).isEqualTo(BenchDevice.Finished.COMPLETED);
        }

        LedgerLine film = ledger(TestServer.FILM);
        assertThat(film.issued()).isEqualTo(4);
        assertThat(film.completed()).isEqualTo(4);
        assertThat(verified.sum()).isEqualTo(2);
        assertThat(retries.sum()).isZero();
    }

    @Test
    void aLostRightsAnswerIsAskedForAgainWithTheSameTransactionAndIssuedOnce() throws Exception {
        server.faults.add(FaultRule.once(Leg.REQUEST, FaultAction.DROP_RESPONSE));
        server.faults.add(FaultRule.once(Leg.COMPLETE, FaultAction.CORRUPT_RESPONSE));

        assertThat(device(publishedKeys(), 1).acquire(TestServer.FILM)).isEqualTo(BenchDevice.Finished.COMPLETED);

        LedgerLine film = ledger(TestServer.FILM);
        assertThat(film.issued()).isEqualTo(1);
        assertThat(film.completed()).isEqualTo(1);
        assertThat(retries.sum()).isEqualTo(2);
    }

    @Test
    void rightsSignedWithAKeyTheDeviceDoesNotTrustAreNeverCompleted() throws Exception {
        Map<String, Jwk> forged = new HashMap<>();
        for (String kid : publishedKeys().keySet()) {
            forged.put(kid, SigningKey.generate(kid).jwk());
        }

        BenchDevice.Finished finished = device(forged, 1).acquire(TestServer.FILM);

        assertThat(finished.ending()).isEqualTo(BenchDevice.Ending.FAILED);
        assertThat(finished.detail()).contains("leg 3").contains("garbled").contains("4 attempts");
        LedgerLine film = ledger(TestServer.FILM);
        assertThat(film.issued()).isEqualTo(1);
        assertThat(film.completed()).isZero();
        assertThat(verified.sum()).isZero();
    }

    @Test
    void anOfferOutOfStockIsARefusalNotAFailure() throws Exception {
        WireDevice device = device(publishedKeys(), 1);
        for (int i = 0; i < TestServer.SCARCE_STOCK; i++) {
            assertThat(device.acquire(TestServer.SCARCE)).isEqualTo(BenchDevice.Finished.COMPLETED);
        }

        BenchDevice.Finished refused = device.acquire(TestServer.SCARCE);

        assertThat(refused.ending()).isEqualTo(BenchDevice.Ending.REFUSED);
        assertThat(refused.detail()).contains("422").contains("OUT_OF_STOCK");
        assertThat(retries.sum()).isZero();
    }

    @Test
    void anUnknownTokenFailsAtTheFirstLegWithTheServersReason() throws Exception {
        WireDevice device = new WireDevice(new ServerConnection(server.transport(), "nobody"), publishedKeys(), 1,
                QUICK, retries, verified);

        BenchDevice.Finished finished = device.acquire(TestServer.FILM);

        assertThat(finished.ending()).isEqualTo(BenchDevice.Ending.FAILED);
        assertThat(finished.detail()).startsWith("leg 1: 401 UNAUTHORIZED");
    }
}
