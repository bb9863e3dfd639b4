package steward.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import steward.storage.sqlite.SqliteDatabase;
import steward.testing.StewardCommand;
import steward.testing.StewardCommand.Result;
import steward.testing.TestServer;

/**
 * Every way a start can fail for a reason outside the code: one line on standard error that
 * names the problem and what to do, nothing on standard output, an exit code of its own, at
 * once; the stack trace only with --debug.
 */
class StartupFailureTest {
    private static Path dir;

    @BeforeAll
    static void makeDirectory() throws Exception {
        dir = Files.createTempDirectory("steward-startup");
    }

    @AfterAll
    static void removeDirectory() {
        TestServer.deleteRecursively(dir);
    }

    @Test
    void aPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Result result = serve("--port", Integer.toString(port), "--data-dir", dir.resolve("port").toString());
            assertOneLine(result, StartupFailure.LISTEN, "steward: 127.0.0.1:" + port + " is already in use; stop "
                    + "whatever listens there, or choose another port with --port (STEWARD_PORT)");
        }
    }

    @Test
    void aDataDirectoryThatCannotBeWritten() throws Exception {
        // Tests may run as root, whom no permission bit stops: a directory under a plain file cannot be made by anyone.
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Path data = file.resolve("data");
        Result result = serve("--data-dir", data.toString());
        assertOneLine(result, StartupFailure.DATA_DIR, "steward: the data directory " + data.toAbsolutePath()
                + " is not writable");
        assertTrue(result.stderr().contains("choose another with --data-dir (STEWARD_DATA_DIR)"), result.stderr());
    }

    @Test
    void aBadCredentialsFile() throws Exception {
        Path credentials = Files.writeString(dir.resolve("keys.json"), "{\"Credentials\": [{\"AccessKeyId\": ");
        Result result = serve("--data-dir", dir.resolve("creds").toString(), "--credentials", credentials.toString());
        assertOneLine(result, StartupFailure.CREDENTIALS, "steward: ");
        assertTrue(result.stderr().contains(credentials.toString()), "names the file: " + result.stderr());
        assertTrue(!Files.exists(dir.resolve("creds").resolve(SqliteDatabase.FILE_NAME)), "nothing was opened");
    }

    @Test
    void theDevelopmentCredentialsBeyondLoopback() {
        Result result = serve("--host", "0.0.0.0", "--data-dir", dir.resolve("open").toString());
        assertOneLine(result, StartupFailure.CREDENTIALS, "steward: refusing to listen on 0.0.0.0 with the development "
                + "credentials");
    }

    @Test
    void aStoreThatCannotBeOpened() throws Exception {
        Path data = Files.createDirectories(dir.resolve("unreadable"));
        Files.createDirectories(data.resolve(SqliteDatabase.FILE_NAME));
        Result result = serve("--data-dir", data.toString());
        assertOneLine(result, StartupFailure.STORE, "steward: cannot open the store "
                + data.resolve(SqliteDatabase.FILE_NAME).toAbsolutePath());
        assertTrue(result.stderr().contains("move it away to start with an empty one"), result.stderr());
    }

    @Test
    void aStoreThatIsNotADatabase() throws Exception {
        Path data = Files.createDirectories(dir.resolve("garbage"));
        Files.writeString(data.resolve(SqliteDatabase.FILE_NAME), "this is not a database ".repeat(100));
        Result result = serve("--data-dir", data.toString());
        assertOneLine(result, StartupFailure.STORE, "steward: cannot open the store ");
    }

    @Test
    void aSchemaNewerThanThisVersionKnows() throws Exception {
        Path data = Files.createDirectories(dir.resolve("newer"));
        new SqliteDatabase(data).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteDatabase.FILE_NAME));
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, installed_on, execution_time, success) VALUES (99, '99', 'from the future', "
                    + "'SQL', 'V99__from_the_future.sql', 0, 'test', CURRENT_TIMESTAMP, 1, 1)");
        }
        Result result = serve("--data-dir", data.toString());
        assertOneLine(result, StartupFailure.SCHEMA_TOO_NEW, "steward: the store "
                + data.resolve(SqliteDatabase.FILE_NAME).toAbsolutePath() + " has schema version 99, newer than this "
                + "Steward knows; run the newer Steward that wrote it, or restore a backup");
    }

    @Test
    void badSettingsNameTheSettingAndWhereItCameFrom() throws Exception {
        assertOneLine(serve("--port", "99999"), StartupFailure.SETTINGS,
                "steward: --port must be between 0 and 65535, not 99999; see steward serve --help");
        assertOneLine(StewardCommand.run(Map.of("STEWARD_PORT", "eighty"), "serve"), StartupFailure.SETTINGS,
                "steward: STEWARD_PORT must be a number, not eighty; see steward serve --help");
        assertOneLine(serve("--verbose"), StartupFailure.SETTINGS, "steward: unknown option --verbose; see steward serve --help");
        assertOneLine(serve("--data-dir"), StartupFailure.SETTINGS, "steward: --data-dir needs a value (--data-dir DIR)");
        Path config = Files.writeString(dir.resolve("bad.yaml"), "prot: 4583\n");
        assertOneLine(serve("--config", config.toString()), StartupFailure.SETTINGS, "steward: the config file " + config
                + " has an unknown setting 'prot'");
        assertOneLine(serve("--config", dir.resolve("absent.toml").toString()), StartupFailure.SETTINGS,
                "steward: the config file " + dir.resolve("absent.toml") + " does not exist");
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Result result = serve("--port", Integer.toString(taken.getLocalPort()), "--data-dir",
                    dir.resolve("debug").toString(), "--debug");
            assertEquals(StartupFailure.LISTEN, result.exitCode(), result.stderr());
            List<String> lines = result.stderrLines();
            assertTrue(lines.get(0).startsWith("steward: 127.0.0.1:"), result.stderr());
            assertTrue(lines.stream().anyMatch(l -> l.contains("BindException")), result.stderr());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("\tat ")), result.stderr());
        }
    }

    @Test
    void helpAndVersion() {
        Result serveHelp = StewardCommand.run("serve", "--help");
        assertEquals(0, serveHelp.exitCode(), serveHelp.stderr());
        for (var setting : steward.server.settings.Settings.all()) {
            assertTrue(serveHelp.stdout().contains(setting.usage()), setting + " in:\n" + serveHelp.stdout());
            assertTrue(serveHelp.stdout().contains(setting.environmentVariable()), setting + " in:\n" + serveHelp.stdout());
        }
        Result help = StewardCommand.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().contains("serve") && help.stdout().contains("version"), help.stdout());
        assertEquals(0, StewardCommand.run("help").exitCode());
        Result version = StewardCommand.run("version");
        assertEquals(0, version.exitCode(), version.stderr());
        assertTrue(version.stdout().matches("steward \\d+\\.\\d+\\.\\d+\\S* \\(Java .*\\)\\n"), version.stdout());
        Result versionHelp = StewardCommand.run("version", "--help");
        assertEquals(0, versionHelp.exitCode());
        assertTrue(versionHelp.stdout().startsWith("usage: steward version"), versionHelp.stdout());
        Result unknown = StewardCommand.run("srve");
        assertEquals(StartupFailure.SETTINGS, unknown.exitCode());
        assertTrue(unknown.stderr().startsWith("steward: unknown command srve"), unknown.stderr());
    }

    private static Result serve(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "serve";
        all[1] = "--port";
        all[2] = "0";
        System.arraycopy(args, 0, all, 3, args.length);
        return StewardCommand.run(all);
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
