package dev.licex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** licex server account and keys: tokens shown once and stored as hashes, revocation, key rotation. */
class ServerAdministrationTest {

    @TempDir
    Path dir;

    @Test
    void anAccountsTokenIsShownOnceWorksAndStopsWorkingWhenRevoked() throws Exception {
        String db = dir.resolve("server").toString();
        CliRun added = CliRun.of("server", "account", "add", "carol", "--db", db);
        assertThat(added.exitCode()).as(added.err()).isZero();
        String token = added.out().lines().reduce((first, second) -> second).orElseThrow().trim();
        assertThat(token).startsWith("lx_").hasSizeGreaterThan(20);

        try (ServerRuntime server = ServerRuntime.start(DatabaseConfig.h2(dir.resolve("server"), "server"),
                new EventBus(), Clock.systemUTC())) {
            assertThat(server.accounts().authenticate(token)).contains("carol");
            try (var c = server.database().dataSource().getConnection();
                    var rs = c.createStatement().executeQuery("SELECT token_hash FROM accounts")) {
                rs.next();
                assertThat(rs.getString(1)).hasSize(64).isNotEqualTo(token);
            }
        }
        assertThat(CliRun.of("server", "account", "list", "--db", db).out()).contains("carol");
        assertThat(CliRun.of("server", "account", "add", "carol", "--db", db).exitCode()).isEqualTo(ExitCodes.USAGE);

        CliRun revoked = CliRun.of("server", "account", "revoke", "carol", "--db", db);
        assertThat(revoked.exitCode()).isZero();
        try (ServerRuntime server = ServerRuntime.start(DatabaseConfig.h2(dir.resolve("server"), "server"),
                new EventBus(), Clock.systemUTC())) {
            assertThat(server.accounts().authenticate(token)).isEmpty();
        }
        assertThat(CliRun.of("server", "account", "list", "--db", db).out()).contains("REVOKED");
        assertThat(CliRun.of("server", "account", "revoke", "nobody", "--db", db).exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void rotatingTheKeysKeepsTheOldOnePublished() {
        String db = dir.resolve("server").toString();
        String before = CliRun.of("server", "keys", "list", "--db", db).out();
        CliRun rotated = CliRun.of("server", "keys", "rotate", "--db", db);
        assertThat(rotated.exitCode()).isZero();
        String after = CliRun.of("server", "keys", "list", "--db", db).out();

        String oldKey = before.lines().findFirst().orElseThrow().replace("active: ", "");
        assertThat(after).contains("published: " + oldKey);
        assertThat(after.lines().findFirst().orElseThrow()).isNotEqualTo("active: " + oldKey);
    }
}
