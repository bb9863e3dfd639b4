package steward.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import steward.storage.Database;
import steward.testing.PostgresFixture;
import steward.testing.StewardCommand;
import steward.testing.StewardCommand.Result;

/**
 * Starting against a PostgreSQL that cannot be used: one line on standard error that names the
 * database (never its password) and what to check, nothing on standard output, and the exit
 * code of a store that cannot be opened (6) or is too new (7); a malformed URL is a setting (2).
 */
class PostgresStartupFailureTest {
    @Test
    void nothingListensThere() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Result result = serve("postgresql://steward:secret@127.0.0.1:" + port + "/steward");
        assertOneLine(result, StartupFailure.STORE, "steward: cannot open the PostgreSQL database postgresql://steward@"
                + "127.0.0.1:" + port + "/steward (");
        assertTrue(result.stderr().contains("check that the server runs and is reachable"), result.stderr());
    }

    @Test
    void aWrongPassword() {
        String url = PostgresFixture.databaseWithPassword("steward_pw", "right");
        Result result = serve(url.replace(":right@", ":wrong@"));
        assertOneLine(result, StartupFailure.STORE, "steward: cannot open the PostgreSQL database postgresql://steward_pw@");
        assertTrue(result.stderr().contains("password authentication failed"), result.stderr());
    }

    @Test
    void noSuchDatabase() {
        Result result = serve(PostgresFixture.missingDatabase());
        assertOneLine(result, StartupFailure.STORE, "steward: cannot open the PostgreSQL database postgresql://postgres@");
        assertTrue(result.stderr().contains("does not exist"), result.stderr());
    }

    @Test
    void somethingThatIsNotPostgres() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = Thread.ofVirtual().start(() -> {
                while (!http.isClosed()) {
                    try (Socket s = http.accept(); OutputStream out = s.getOutputStream()) {
                        out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            Result result = serve("postgresql://postgres@127.0.0.1:" + http.getLocalPort() + "/steward");
            assertOneLine(result, StartupFailure.STORE, "steward: cannot open the PostgreSQL database postgresql://"
                    + "postgres@127.0.0.1:" + http.getLocalPort() + "/steward (");
            http.close();
            answering.join();
        }
    }

    @Test
    void aSchemaNewerThanThisVersionKnows() throws Exception {
        String url = PostgresFixture.database("newer");
        try (Database db = PostgresFixture.open(url)) {
            db.write(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, "
                            + "type, script, checksum, installed_by, installed_on, execution_time, success) VALUES (99, "
                            + "'99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', now(), 1, true)");
                }
            });
        }
        Result result = serve(url);
        assertOneLine(result, StartupFailure.SCHEMA_TOO_NEW, "steward: the database " + url + " has schema version 99, "
                + "newer than this Steward knows");
    }

    @Test
    void aMalformedUrlIsABadSettingAndItsPasswordIsNotRepeated() {
        assertOneLine(serve("postgresql://steward:hunter2@/steward"), StartupFailure.SETTINGS,
                "steward: --database must name a host");
        assertFalse(serve("postgresql://steward:hunter2@/steward").stderr().contains("hunter2"));
        assertOneLine(StewardCommand.run(Map.of("STEWARD_DATABASE", "mysql://steward:hunter2@db/steward"), "serve",
                "--port", "0"), StartupFailure.SETTINGS, "steward: STEWARD_DATABASE must be sqlite:PATH or postgresql://");
        assertOneLine(serve("postgresql://steward@db.example/"), StartupFailure.SETTINGS,
                "steward: --database must name one database");
    }

    @Test
    void aSqliteUrlNamesTheFileAndLeavesTheDataDirectoryUnused() throws Exception {
        Path dir = Files.createTempDirectory("steward-sqlite-url");
        Path file = dir.resolve("nested/store.db");
        Files.createDirectories(dir.resolve("blocked"));
        Files.writeString(dir.resolve("blocked/not-a-dir"), "x");
        // Unusable --data-dir, usable --database: the start gets as far as the port, which is taken.
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Result result = StewardCommand.run("serve", "--port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", dir.resolve("blocked/not-a-dir/data").toString(), "--database", "sqlite:" + file);
            assertEquals(StartupFailure.LISTEN, result.exitCode(), result.stderr());
        }
        assertTrue(Files.exists(file), "the store is the named file");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertTrue(s.executeQuery("SELECT count(*) FROM token_key").getInt(1) == 1, "the token key is in the store");
        }
        steward.testing.TestServer.deleteRecursively(dir);
    }

    private static Result serve(String database) {
        return StewardCommand.run("serve", "--port", "0", "--database", database);
    }

    private static void assertOneLine(Result result, int exitCode, String start) {
        String all = "exit " + result.exitCode() + "\nstdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr();
        assertEquals(exitCode, result.exitCode(), all);
        assertEquals(1, result.stderrLines().size(), "one line: " + all);
        assertTrue(result.stderr().startsWith(start), "starts with '" + start + "': " + all);
        assertEquals("", result.stdout(), all);
        assertTrue(result.millis() < 30_000, "at once: " + result.millis() + " ms");
    }
}
