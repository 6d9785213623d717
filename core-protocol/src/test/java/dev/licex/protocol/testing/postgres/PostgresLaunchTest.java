package dev.licex.protocol.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * The test PostgreSQL starts for whoever runs the tests: the way chosen for this machine, and as
 * root also the way for machines without user namespaces (zonky's binaries run as nobody).
 */
class PostgresLaunchTest {

    @Test
    void theWayChosenForThisMachineServesQueries() throws Exception {
        try (PostgresProcess postgres = TestPostgres.launch("auto")) {
            assertThat(query(postgres.port(), "SELECT current_setting('server_version_num')::int"))
                    .isGreaterThanOrEqualTo(120000);
        }
    }

    @Test
    void rootCanRunItAsNobodyWithoutUserNamespaces() throws Exception {
        assumeTrue(TestPostgres.isRoot(), "only root needs to drop privileges");
        try (PostgresProcess postgres = TestPostgres.launch("nobody")) {
            assertThat(query(postgres.port(), "SELECT 1")).isEqualTo(1);
        }
    }

    private static int query(int port, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                TestPostgres.SUPERUSER, null);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
