package dev.licex.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.ServerConnection;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.FaultAction;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.message.TransactionKind;
import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionPurgeTest {

    private static final Duration RETENTION = Duration.ofDays(30);

    @TempDir
    Path dir;

    private static Clock later() {
        return Clock.fixed(Instant.now().plus(RETENTION).plus(Duration.ofDays(1)), ZoneOffset.UTC);
    }

    @Test
    void finishedTransactionsKeepATombstoneThatStillAnswersLateRepeats() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"));
                TestDevice device = TestDevice.of(dir.resolve("device"), server.transport())) {
            Outcome.Completed done = (Outcome.Completed) device.engine.acquire(TestServer.FILM, null);
            server.faults.add(FaultRule.always(Leg.COMPLETE, FaultAction.DROP_REQUEST));
            Outcome pending = device.engine.acquire(TestServer.SONG, null);
            server.faults.clear();

            long purged = new RetentionPurge(server.runtime.database(), later(), RETENTION).run();

            assertThat(purged).isEqualTo(1);
            ServerConnection alice = new ServerConnection(server.transport(), TestServer.ALICE_TOKEN);
            HeldRights rights = done.rights();
            assertThat(alice.complete(done.transactionId(), rights.rightsId()).status()).isEqualTo(200);
            assertThat(alice.open(done.transactionId(), device.store.deviceId(), TransactionKind.ACQUIRE).status())
                    .isEqualTo(200);
            var lateLegThree = alice.requestRights(done.transactionId(), TestServer.FILM);
            assertThat(lateLegThree.status()).isEqualTo(409);
            assertThat(lateLegThree.bodyText()).contains("retention");
            assertThat(device.engine.drive(pending.transactionId())).as("an unfinished transaction is never purged")
                    .isInstanceOf(Outcome.Completed.class);
        }
    }

    @Test
    void nothingWithinTheRetentionPeriodIsPurged() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"));
                TestDevice device = TestDevice.of(dir.resolve("device"), server.transport())) {
            device.engine.acquire(TestServer.FILM, null);

            assertThat(new RetentionPurge(server.runtime.database(), Clock.systemUTC(), RETENTION).run()).isZero();
        }
    }

    @Test
    void severalPurgesAtOnceClearEverythingOnceWithoutErrors() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"));
                TestDevice device = TestDevice.of(dir.resolve("device"), server.transport())) {
            int count = RetentionPurge.BATCH + 150;
            for (int i = 0; i < count; i++) {
                device.engine.acquire(TestServer.FILM, null);
            }
            List<CompletableFuture<Long>> purges = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                purges.add(CompletableFuture.supplyAsync(
                        () -> new RetentionPurge(server.runtime.database(), later(), RETENTION).run()));
            }

            long total = 0;
            for (CompletableFuture<Long> purge : purges) {
                total += purge.get();
            }
            assertThat(total).isEqualTo(count);
            assertThat(new RetentionPurge(server.runtime.database(), later(), RETENTION).run()).isZero();
        }
    }

    @Test
    void runsWalkOnFromWhereTheLastStoppedAndGoBackToTheBeginningOnceADay() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"));
                TestDevice device = TestDevice.of(dir.resolve("device"), server.transport())) {
            device.engine.acquire(TestServer.FILM, null);
            server.faults.add(FaultRule.always(Leg.COMPLETE, FaultAction.DROP_REQUEST));
            Outcome pending = device.engine.acquire(TestServer.SONG, null);
            server.faults.clear();
            MovableClock clock = new MovableClock(later().instant());
            RetentionPurge purge = new RetentionPurge(server.runtime.database(), clock, RETENTION);
            assertThat(purge.run()).as("the finished one; the unfinished one is passed").isEqualTo(1);

            assertThat(device.engine.drive(pending.transactionId())).isInstanceOf(Outcome.Completed.class);
            clock.advance(RetentionPurge.FULL_PASS_EVERY.minusMinutes(1));
            assertThat(purge.run()).as("a run within the day does not walk the rows passed before").isZero();
            clock.advance(Duration.ofMinutes(1));
            assertThat(purge.run()).as("a day after the last full pass, it starts from the beginning").isEqualTo(1);
        }
    }

    @Test
    void aRunStopsAtTheFirstYoungTransactionAndTheNextGoesOnFromThere() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"));
                TestDevice device = TestDevice.of(dir.resolve("device"), server.transport())) {
            device.engine.acquire(TestServer.FILM, null);
            // the cutoff: a millisecond after the first transaction's, before the next ones'
            Instant between = Instant.ofEpochMilli(System.currentTimeMillis() + 1);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                    .until(() -> System.currentTimeMillis() > between.toEpochMilli());
            device.engine.acquire(TestServer.FILM, null);
            device.engine.acquire(TestServer.SONG, null);
            MovableClock clock = new MovableClock(between.plus(RETENTION));
            RetentionPurge purge = new RetentionPurge(server.runtime.database(), clock, RETENTION);

            assertThat(purge.run()).as("only the one created before the cutoff").isEqualTo(1);
            clock.advance(Duration.ofMinutes(1));
            assertThat(purge.run()).as("the next run, once they are old enough").isEqualTo(2);
            assertThat(purge.run()).isZero();
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock in UTC");
        }
    }
}
