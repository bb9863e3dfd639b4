package steward.storage.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Tells whether this process is the only server on the database, as SQLite's file lock does:
 * each server holds a shared advisory lock for its lifetime, on a connection of its own outside
 * the pool; a starting server that also gets the lock exclusively, for a moment, knows no other
 * live server holds it. PostgreSQL drops a session's locks when its connection goes, which the
 * kernel closes at once when a server is killed with SIGKILL.
 *
 * <p>The hazard: if this connection breaks later (the database restarted), the lock is gone and a
 * server starting then believes itself alone; leases still keep runs from being taken twice.
 */
final class ServerPresence implements AutoCloseable {
    /** An arbitrary key in the database's advisory lock space: "stewsrvr". */
    private static final long KEY = 0x7374657773727672L;

    private final Connection connection;
    private final boolean sole;

    private ServerPresence(Connection connection, boolean sole) {
        this.connection = connection;
        this.sole = sole;
    }

    static ServerPresence announce(PostgresUrl url) {
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "steward-presence");
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(url.jdbcUrl(), properties);
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_advisory_lock_shared(" + KEY + ")");
                boolean sole;
                // A session's own shared lock does not conflict with its exclusive request; another's does.
                try (ResultSet r = s.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                    sole = r.next() && r.getBoolean(1);
                }
                if (sole) {
                    s.execute("SELECT pg_advisory_unlock(" + KEY + ")");
                }
                return new ServerPresence(connection, sole);
            }
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Nothing was held.
                }
            }
            return new ServerPresence(null, false);
        }
    }

    boolean sole() {
        return sole;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The lock goes with the session either way.
            }
        }
    }
}
