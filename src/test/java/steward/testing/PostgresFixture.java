package steward.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import steward.storage.Database;
import steward.storage.postgres.PostgresDatabase;
import steward.storage.postgres.PostgresUrl;

/**
 * One real PostgreSQL per test JVM (io.zonky's embedded binaries, no Docker), started on first
 * use and stopped when the JVM exits. Each caller gets its own database in it, so tests stay
 * independent without paying for a server each:
 *
 * <pre>
 *   String url = PostgresFixture.database("runs");          // for --database, N processes can share it
 *   Database db = PostgresFixture.freshDatabase();           // an opened, migrated, empty store
 * </pre>
 *
 * New databases are copied from a template that already has Steward's schema, which is much
 * faster than migrating each one.
 */
public final class PostgresFixture {
    private static final String TEMPLATE = "steward_template";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static EmbeddedPostgres server;

    private PostgresFixture() {
    }

    /**
     * A new, empty database with Steward's schema, named {@code name} plus a unique suffix;
     * returns its {@code postgresql://} URL for {@code --database}.
     */
    public static String database(String name) {
        String database = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
                + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        admin("CREATE DATABASE " + database + " TEMPLATE " + TEMPLATE);
        return url(database);
    }

    /** A new, empty store on PostgreSQL; the caller closes it. */
    public static Database freshDatabase() {
        return open(database("store"));
    }

    /** Opens {@code url} (from {@link #database}) as a store: a second server on the same database. */
    public static Database open(String url) {
        return new PostgresDatabase(PostgresUrl.parse(url));
    }

    /** A URL for a database that does not exist on the running server. */
    public static String missingDatabase() {
        return url("no_such_database_" + SEQUENCE.incrementAndGet());
    }

    /** The port of the running PostgreSQL (started if need be). */
    public static int port() {
        return server().getPort();
    }

    /** Runs one statement as the superuser on the {@code postgres} database (CREATE ROLE, ...). */
    public static void admin(String sql) {
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * The superuser logs in without a password (the fixture's own connections, and URLs from
     * {@link #database}); every other role must give its password, so tests can start a server
     * with a wrong one.
     */
    private static void requirePasswordsExceptForTheSuperuser(java.io.File dataDirectory) {
        try {
            java.nio.file.Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A role (a superuser, so it may use the tables the template made) that logs in with
     * {@code password}, and a new database with Steward's schema;
     * returns {@code postgresql://ROLE:PASSWORD@localhost:PORT/DB} with both percent-encoded.
     */
    public static String databaseWithPassword(String role, String password) {
        admin("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE "
                + role + " LOGIN SUPERUSER; END IF; END $$");
        admin("ALTER ROLE " + role + " PASSWORD '" + password.replace("'", "''") + "'");
        String url = database(role);
        String database = url.substring(url.lastIndexOf('/') + 1);
        return "postgresql://" + encode(role) + ":" + encode(password) + "@localhost:" + port() + "/" + database;
    }

    private static String encode(String raw) {
        return java.net.URLEncoder.encode(raw, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String url(String database) {
        return "postgresql://postgres@localhost:" + port() + "/" + database;
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "on")
                        .setServerConfig("max_connections", "300")
                        .setDataDirectoryCustomizer(PostgresFixture::requirePasswordsExceptForTheSuperuser)
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException ignored) {
                        // The JVM is going anyway.
                    }
                }, "embedded-postgres-stop"));
                server = started;
                admin("CREATE DATABASE " + TEMPLATE);
                open(url(TEMPLATE)).close();
                admin("ALTER DATABASE " + TEMPLATE + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }
}
