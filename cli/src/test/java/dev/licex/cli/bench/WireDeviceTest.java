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
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.licex.protocol.fault.RequestLeg;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.transport.Transport;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
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

    /** Passes every exchange to the server and lets a test change the answer to leg 3. */
    private final class Tampering implements Transport {
        private final Transport inner = server.transport();
        private final UnaryOperator<WireResponse> atLeg3;
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();

        Tampering(UnaryOperator<WireResponse> atLeg3) {
            this.atLeg3 = atLeg3;
        }

        @Override
        public WireResponse exchange(WireRequest request) throws IOException {
            Leg leg = RequestLeg.of(request);
            if (leg == Leg.OPEN) {
                opens.incrementAndGet();
            }
            WireResponse answer = inner.exchange(request);
            if (leg != Leg.REQUEST) {
                return answer;
            }
            requests.incrementAndGet();
            return atLeg3.apply(answer);
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private WireDevice device(Transport transport, int verifyEvery) throws Exception {
        return new WireDevice(new ServerConnection(transport, TestServer.ALICE_TOKEN), publishedKeys(), verifyEvery,
                QUICK, retries, verified);
    }

    private static final WireResponse UNKNOWN = WireResponse.json(404,
            Json.write(Problem.of(ErrorCode.TX_UNKNOWN, "the server lost T"))).withHeader("content-type",
            WireResponse.PROBLEM_JSON);

    private static WireResponse edited(WireResponse answer, java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode body = (ObjectNode) Json.parse(answer.body());
        edit.accept(body);
        return WireResponse.json(answer.status(), Json.write(body));
    }

    @Test
    void aServerThatForgotTheTransactionGetsItOpenedAgainWithTheSameId() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        Tampering transport = new Tampering(answer -> answers.getAndIncrement() == 0 ? UNKNOWN : answer);

        assertThat(device(transport, 1).acquire(TestServer.FILM)).isEqualTo(BenchDevice.Finished.COMPLETED);

        assertThat(transport.opens.get()).isEqualTo(2);
        LedgerLine film = ledger(TestServer.FILM);
        assertThat(film.issued()).isEqualTo(1);
        assertThat(film.completed()).isEqualTo(1);
    }

    @Test
    void aServerThatNeverKnowsTheTransactionFailsItAfterAsManyOpensAsAttempts() throws Exception {
        Tampering transport = new Tampering(answer -> UNKNOWN);

        BenchDevice.Finished finished = device(transport, 1).acquire(TestServer.FILM);

        assertThat(finished.ending()).isEqualTo(BenchDevice.Ending.FAILED);
        assertThat(finished.detail()).contains("TX_UNKNOWN").contains("after opening T 4 times");
        assertThat(transport.opens.get()).isEqualTo(4);
    }

    @Test
    void unverifiedRightsWhoseIdWasGarbledAreAskedForAgainAndComplete() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        Tampering transport = new Tampering(answer -> answers.getAndIncrement() != 1 ? answer
                : edited(answer, body -> ((ObjectNode) body.get("rights")).put("rightsId", UUID.randomUUID().toString())));
        WireDevice device = device(transport, 1000);

        assertThat(device.acquire(TestServer.FILM)).as("the first, verified").isEqualTo(BenchDevice.Finished.COMPLETED);
        assertThat(device.acquire(TestServer.FILM)).as("the second, not sampled").isEqualTo(
                BenchDevice.Finished.COMPLETED);

        assertThat(transport.requests.get()).isEqualTo(3);
        assertThat(retries.sum()).isEqualTo(1);
        LedgerLine film = ledger(TestServer.FILM);
        assertThat(film.issued()).isEqualTo(2);
        assertThat(film.completed()).isEqualTo(2);
    }

    @Test
    void rightsWithoutAKeyIdAreAskedForAgainNotACrash() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        Tampering transport = new Tampering(answer -> answers.getAndIncrement() != 0 ? answer
                : edited(answer, body -> body.remove("keyId")));

        assertThat(device(transport, 1).acquire(TestServer.FILM)).isEqualTo(BenchDevice.Finished.COMPLETED);

        assertThat(retries.sum()).isEqualTo(1);
        assertThat(verified.sum()).isEqualTo(1);
    }
}
