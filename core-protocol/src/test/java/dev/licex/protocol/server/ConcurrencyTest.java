package dev.licex.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.LedgerLine;
import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.message.TransactionKind;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.testing.TestServer;
import dev.licex.protocol.transport.WireResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Racing requests are serialized by the database: one transaction id issues once, stock never goes below zero. */
class ConcurrencyTest {

    private static final int THREADS = 16;

    @TempDir
    Path dir;
    private TestServer server;
    private ServerConnection alice;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        alice = new ServerConnection(server.transport(), TestServer.ALICE_TOKEN);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        server.close();
    }

    private <T> List<T> race(int n, Callable<T> work) throws Exception {
        return race(Collections.nCopies(n, work));
    }

    /** Starts all the work at once and returns the results in the order given. */
    private <T> List<T> race(List<Callable<T>> work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> w : work) {
            futures.add(pool.submit(() -> {
                go.await();
                return w.call();
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    @Test
    void theSameLegThreeFromManyThreadsIssuesOnceAndAnswersIdentically() throws Exception {
        UUID tid = Uuids.v7();
        UUID device = UUID.randomUUID();
        assertThat(alice.open(tid, device, TransactionKind.ACQUIRE).status()).isEqualTo(201);

        List<WireResponse> answers = race(THREADS, () -> alice.requestRights(tid, TestServer.FILM));

        assertThat(answers).allMatch(r -> r.status() == 200);
        Set<String> bodies = answers.stream().map(WireResponse::bodyText).collect(Collectors.toSet());
        assertThat(bodies).hasSize(1);
        assertThat(film().issued()).isEqualTo(1);
        assertThat(film().stock()).isEqualTo(TestServer.STOCK - 1);
    }

    @Test
    void theSameLegOneFromManyThreadsCreatesTheTransactionOnce() throws Exception {
        UUID tid = Uuids.v7();
        UUID device = UUID.randomUUID();

        List<Integer> statuses = race(THREADS, () -> alice.open(tid, device, TransactionKind.ACQUIRE).status());

        assertThat(statuses).containsOnly(200, 201);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
    }

    @Test
    void manyTransactionsRacingForTheLastUnitsNeverOversell() throws Exception {
        List<Integer> statuses = race(THREADS, () -> {
            UUID tid = Uuids.v7();
            alice.open(tid, UUID.randomUUID(), TransactionKind.ACQUIRE);
            return alice.requestRights(tid, TestServer.SCARCE).status();
        });

        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(TestServer.SCARCE_STOCK);
        assertThat(statuses.stream().filter(s -> s == 422).count()).isEqualTo(THREADS - TestServer.SCARCE_STOCK);
        LedgerLine scarce = line(TestServer.SCARCE);
        assertThat(scarce.stock()).isZero();
        assertThat(scarce.issued()).isEqualTo(TestServer.SCARCE_STOCK);
        assertThat(scarce.balanced()).isTrue();
    }

    @Test
    void theSameLegThreeForAnExhaustedOfferIsRefusedOnceAndAnswersIdentically() throws Exception {
        for (int i = 0; i < TestServer.SCARCE_STOCK; i++) {
            UUID tid = Uuids.v7();
            alice.open(tid, UUID.randomUUID(), TransactionKind.ACQUIRE);
            assertThat(alice.requestRights(tid, TestServer.SCARCE).status()).isEqualTo(200);
        }
        UUID tid = Uuids.v7();
        alice.open(tid, UUID.randomUUID(), TransactionKind.ACQUIRE);
        Queue<ProtocolEvent> seen = new ConcurrentLinkedQueue<>();
        server.events.subscribe(e -> {
            if (tid.equals(e.transactionId()) && e.side() == Side.SERVER) {
                seen.add(e);
            }
        });

        List<WireResponse> answers = race(THREADS, () -> alice.requestRights(tid, TestServer.SCARCE));

        assertThat(seen).as("one refusal stored, every other answer a replay")
                .filteredOn(e -> e instanceof ProtocolEvent.Stored).hasSize(1);
        assertThat(seen).filteredOn(e -> e instanceof ProtocolEvent.Repeat).hasSize(THREADS - 1);
        assertThat(answers).allMatch(r -> r.status() == 422);
        assertThat(answers.stream().map(WireResponse::bodyText).collect(Collectors.toSet())).hasSize(1);
        assertThat(answers.get(0).bodyText()).contains("OUT_OF_STOCK");
        assertThat(server.runtime.engine().status(TestServer.ALICE, tid).state()).isEqualTo(ServerState.REJECTED);
        LedgerLine scarce = line(TestServer.SCARCE);
        assertThat(scarce.issued()).isEqualTo(TestServer.SCARCE_STOCK);
        assertThat(scarce.balanced()).isTrue();
    }

    @Test
    void legThreeRacingACancelOfTheSameTransactionIssuesNothingThatOutlivesTheCancel() throws Exception {
        int transactions = 24;
        List<UUID> tids = new ArrayList<>();
        for (int i = 0; i < transactions; i++) {
            UUID tid = Uuids.v7();
            alice.open(tid, UUID.randomUUID(), TransactionKind.ACQUIRE);
            tids.add(tid);
        }
        List<Callable<Integer>> work = new ArrayList<>();
        for (UUID tid : tids) {
            work.add(() -> alice.requestRights(tid, TestServer.FILM).status());
            work.add(() -> alice.cancel(tid).status());
        }
        List<Integer> statuses = race(work);
        for (int i = 0; i < statuses.size(); i++) {
            assertThat(statuses.get(i)).as(i % 2 == 0 ? "leg 3" : "cancel").isIn(200, 409);
        }

        for (UUID tid : tids) {
            assertThat(server.runtime.engine().status(TestServer.ALICE, tid).state()).isEqualTo(ServerState.CANCELLED);
        }
        LedgerLine film = film();
        assertThat(film.issued()).isZero();
        assertThat(film.stock()).isEqualTo(TestServer.STOCK);
        assertThat(film.balanced()).isTrue();
    }

    @Test
    void legThreeThatReadOpenButWaitedForACancelIssuesNothing() throws Exception {
        UUID tid = Uuids.v7();
        alice.open(tid, UUID.randomUUID(), TransactionKind.ACQUIRE);

        WireResponse answer = whileACancelHoldsTheRow(tid, () -> alice.requestRights(tid, TestServer.FILM));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(server.runtime.engine().status(TestServer.ALICE, tid).state()).isEqualTo(ServerState.CANCELLED);
        assertThat(film().issued()).isZero();
        assertThat(film().stock()).isEqualTo(TestServer.STOCK);
    }

    @Test
    void legFiveThatReadIssuedButWaitedForACancelCompletesNothing() throws Exception {
        UUID tid = Uuids.v7();
        alice.open(tid, UUID.randomUUID(), TransactionKind.ACQUIRE);
        UUID rightsId = rightsIdOf(alice.requestRights(tid, TestServer.FILM));

        WireResponse answer = whileACancelHoldsTheRow(tid, () -> alice.complete(tid, rightsId));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(server.runtime.engine().status(TestServer.ALICE, tid).state()).isEqualTo(ServerState.CANCELLED);
        assertThat(film().completed()).isZero();
    }

    /**
     * Runs a leg while another database transaction has moved T to CANCELLED and not yet committed,
     * as a cancel does; commits that once the leg waits for T's row lock, so the leg has read T in
     * its state from before the cancel. Returns the leg's answer.
     */
    private WireResponse whileACancelHoldsTheRow(UUID tid, Callable<WireResponse> leg) throws Exception {
        DataSource store = server.runtime.database().dataSource();
        try (Connection cancel = store.getConnection()) {
            cancel.setAutoCommit(false);
            try (PreparedStatement ps = cancel.prepareStatement(
                    "UPDATE transactions SET state = 'CANCELLED' WHERE transaction_id = ?")) {
                ps.setObject(1, tid);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            Future<WireResponse> answer = pool.submit(leg);
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingForALock(store));
            cancel.commit();
            return answer.get(10, TimeUnit.SECONDS);
        }
    }

    private boolean waitingForALock(DataSource store) throws SQLException {
        String sql = server.runtime.database().isPostgres()
                ? "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                : "SELECT count(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL";
        try (Connection c = store.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    @Test
    void racingCompletionsCountOnce() throws Exception {
        UUID tid = Uuids.v7();
        alice.open(tid, UUID.randomUUID(), TransactionKind.ACQUIRE);
        UUID rightsId = rightsIdOf(alice.requestRights(tid, TestServer.FILM));

        List<Integer> statuses = race(THREADS, () -> alice.complete(tid, rightsId).status());

        assertThat(statuses).containsOnly(200);
        assertThat(film().completed()).isEqualTo(1);
    }

    private static UUID rightsIdOf(WireResponse issued) {
        return UUID.fromString(Json.parse(issued.body()).get("rights").get("rightsId").asText());
    }

    private LedgerLine film() {
        return line(TestServer.FILM);
    }

    private LedgerLine line(String offerId) {
        return server.runtime.engine().ledger(TestServer.ALICE).offers().stream()
                .filter(l -> l.offerId().equals(offerId)).findFirst().orElseThrow();
    }
}
