package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/** The MVStore behind a connection to an H2 database, for what H2 offers only there. */
final class H2Store {

    private H2Store() {
    }

    static MVStore of(Connection connection) throws SQLException {
        return ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore()
                .getMvStore();
    }
}
