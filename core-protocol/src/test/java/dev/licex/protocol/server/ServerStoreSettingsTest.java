package dev.licex.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.store.DatabaseConfig;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's H2 store runs with the settings its measurements chose, restarts included. */
class ServerStoreSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theServersH2StoreKeepsASmallPageCacheAcrossARestart() {
        try (ServerRuntime server = ServerRuntime.start(DatabaseConfig.h2(dir, "server"), new EventBus(),
                Clock.systemUTC())) {
            assertThat(cacheKilobytes(server)).isEqualTo(ServerRuntime.H2_PAGE_CACHE_KB);

            server.restart("test");

            assertThat(cacheKilobytes(server)).isEqualTo(ServerRuntime.H2_PAGE_CACHE_KB);
        }
    }

    @Test
    void theServersH2StoreIsForcedToDiskEverySecondAcrossARestart() {
        try (ServerRuntime server = ServerRuntime.start(DatabaseConfig.h2(dir, "server"), new EventBus(),
                Clock.systemUTC())) {
            assertThat(server.database().config().diskSyncEvery()).isEqualTo(ServerRuntime.H2_DISK_SYNC_EVERY);

            server.restart("test");

            assertThat(server.database().config().diskSyncEvery()).isEqualTo(ServerRuntime.H2_DISK_SYNC_EVERY);
        }
    }

    private static int cacheKilobytes(ServerRuntime server) {
        return server.database().transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'");
                    ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("H2 names its cache size among its settings").isTrue();
                return Integer.parseInt(rs.getString(1));
            }
        });
    }
}
