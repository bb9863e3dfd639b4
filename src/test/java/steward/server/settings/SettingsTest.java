package steward.server.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import steward.server.ServerConfig;
import steward.testing.TestServer;

/** Where each setting's value comes from: flags, then STEWARD_* variables, then the config file, then the default. */
class SettingsTest {
    private static Path dir;

    @BeforeAll
    static void makeDirectory() throws Exception {
        dir = Files.createTempDirectory("steward-settings");
    }

    @AfterAll
    static void removeDirectory() {
        TestServer.deleteRecursively(dir);
    }

    @Test
    void defaultsWhenNothingIsGiven() {
        ServerConfig config = ServerConfig.parse(new String[0], Map.of());
        assertEquals("127.0.0.1", config.host());
        assertEquals(4583, config.port());
        assertEquals(Path.of("data"), config.dataDir());
        assertEquals(2000, config.associationLimit());
        assertEquals(Duration.ofSeconds(10), config.shutdownGrace());
        assertEquals("text", config.get(Settings.LOG_FORMAT));
        assertEquals("info", config.get(Settings.LOG_LEVEL));
        assertEquals(false, config.get(Settings.DEBUG));
        assertNull(config.credentialsFile());
        assertEquals(false, config.manualClock());
    }

    @Test
    void flagsOverEnvironmentOverYamlFileOverDefaults() throws Exception {
        Path yaml = Files.writeString(dir.resolve("steward.yaml"), """
                port: 5000
                host: 0.0.0.0
                data-dir: /var/lib/steward
                shutdown-grace: 30s
                allow-default-credentials: true
                """);
        Map<String, String> env = Map.of("STEWARD_CONFIG", yaml.toString(), "STEWARD_PORT", "6000",
                "STEWARD_DATA_DIR", "/srv/steward");
        ServerConfig config = ServerConfig.parse(new String[] {"--port", "7000"}, env);
        assertEquals(7000, config.port(), "the flag");
        assertEquals(Path.of("/srv/steward"), config.dataDir(), "the environment");
        assertEquals("0.0.0.0", config.host(), "the file");
        assertEquals(Duration.ofSeconds(30), config.shutdownGrace(), "the file");
        assertEquals(true, config.allowDefaultCredentials(), "the file");
        assertEquals(2000, config.associationLimit(), "the default");
    }

    @Test
    void aTomlFileAndTheConfigFlag() throws Exception {
        Path toml = Files.writeString(dir.resolve("steward.toml"), """
                port = 5001
                association-limit = 10
                log-format = "json"
                clock = "manual"
                clock-start = "2027-01-01T00:00:00Z"
                debug = true
                """);
        ServerConfig config = ServerConfig.parse(new String[] {"--config=" + toml}, Map.of("STEWARD_LOG_FORMAT", "text"));
        assertEquals(5001, config.port());
        assertEquals(10, config.associationLimit());
        assertEquals("text", config.get(Settings.LOG_FORMAT), "the environment over the file");
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), config.manualClockStart());
        assertEquals(true, config.get(Settings.DEBUG));
    }

    @Test
    void switchesTakeNoValueOnTheCommandLine() {
        ServerConfig config = ServerConfig.parse(new String[] {"--allow-default-credentials", "--port", "1"}, Map.of());
        assertEquals(true, config.allowDefaultCredentials());
        assertEquals(1, config.port());
        assertEquals(false, ServerConfig.parse(new String[] {"--allow-default-credentials=false"},
                Map.of("STEWARD_ALLOW_DEFAULT_CREDENTIALS", "true")).allowDefaultCredentials());
    }

    @Test
    void durationsInTheirUsualSpellings() {
        assertEquals(Duration.ofMillis(500), grace("500ms"));
        assertEquals(Duration.ofSeconds(10), grace("10s"));
        assertEquals(Duration.ofSeconds(10), grace("10"));
        assertEquals(Duration.ofMinutes(2), grace("2m"));
        assertEquals(Duration.ofSeconds(0), grace("0s"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> grace("soon"));
        assertEquals("--shutdown-grace must be a duration such as 10s, 500ms or 2m, not soon", e.getMessage());
    }

    @Test
    void everyProblemNamesTheSettingAndItsSource() throws Exception {
        assertEquals("STEWARD_ASSOCIATION_LIMIT must be between 1 and 2147483647, not 0", problem(new String[0],
                Map.of("STEWARD_ASSOCIATION_LIMIT", "0")));
        assertEquals("--log-format must be text or json, not xml", problem(new String[] {"--log-format", "xml"}, Map.of()));
        Path yaml = Files.writeString(dir.resolve("bad-value.yaml"), "port: many\n");
        assertEquals("'port' in " + yaml + " must be a number, not many", problem(new String[] {"--config", yaml.toString()},
                Map.of()));
        Path nested = Files.writeString(dir.resolve("nested.yaml"), "port:\n  value: 1\n");
        assertEquals("'port' in " + nested + " must be a single value", problem(new String[] {"--config",
                nested.toString()}, Map.of()));
        Path json = Files.writeString(dir.resolve("steward.json"), "{}");
        assertEquals("the config file " + json + " must end in .yaml, .yml or .toml", problem(new String[] {"--config",
                json.toString()}, Map.of()));
        Path broken = Files.writeString(dir.resolve("broken.toml"), "port = = 1\n");
        assertTrue(problem(new String[] {"--config", broken.toString()}, Map.of())
                .startsWith("the config file " + broken + " cannot be read: "));
        assertEquals("--clock-start needs --clock manual", problem(new String[] {"--clock-start", "2027-01-01T00:00:00Z"},
                Map.of()));
        assertEquals("unexpected argument extra", problem(new String[] {"extra"}, Map.of()));
    }

    @Test
    void everySettingHasItsOwnFlagAndVariable() {
        Set<String> flags = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (Setting<?> s : Settings.all()) {
            assertTrue(flags.add(s.flag()), "one " + s.flag());
            assertTrue(variables.add(s.environmentVariable()), "one " + s.environmentVariable());
            assertTrue(s.name().matches("[a-z]+(-[a-z]+)*"), s.name());
            assertTrue(!s.help().isBlank() && !s.shownDefault().isBlank(), s.name());
            if (s.defaultValue() != null) {
                s.parse(s.defaultValue()); // every default is a value the setting takes
            }
        }
    }

    private static Duration grace(String text) {
        return ServerConfig.parse(new String[] {"--shutdown-grace", text}, Map.of()).shutdownGrace();
    }

    private static String problem(String[] args, Map<String, String> env) {
        return assertThrows(InvalidSettingException.class, () -> ServerConfig.parse(args, env)).getMessage();
    }
}
