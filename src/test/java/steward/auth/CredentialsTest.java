package steward.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import steward.server.ServerConfig;

/** The credentials file, the development credentials, and when a server may start with which. */
class CredentialsTest {
    @TempDir
    Path dir;

    @Test
    void theFileListsKeysWithTheirAccountAndOptionalSessionToken() {
        FileCredentials file = FileCredentials.parse("""
                {"Credentials": [
                  {"AccessKeyId": "AKIA1", "SecretAccessKey": "s1", "AccountId": "111122223333"},
                  {"AccessKeyId": "ASIA2", "SecretAccessKey": "s2", "AccountId": "444455556666", "SessionToken": "t"}
                ]}""");
        assertEquals(2, file.size());
        Credential one = file.find("AKIA1").orElseThrow();
        assertEquals("111122223333", one.accountId());
        assertEquals("s1", one.secretAccessKey());
        assertTrue(one.acceptsSessionToken(null));
        assertFalse(one.acceptsSessionToken("t"));
        Credential two = file.find("ASIA2").orElseThrow();
        assertTrue(two.acceptsSessionToken("t"));
        assertFalse(two.acceptsSessionToken(null));
        assertFalse(two.acceptsSessionToken("T"));
        assertEquals(Optional.empty(), file.find("AKIA3"));
        assertEquals(Optional.empty(), file.find("akia1"));
    }

    @Test
    void invalidFilesAreRefusedWithTheReason() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("not json", "not valid JSON"),
                Map.entry("[]", "must be a JSON object"),
                Map.entry("{\"Credentials\": []}", "lists no access key"),
                Map.entry("{\"Credentials\": {}}", "must be a list"),
                Map.entry("{\"Keys\": []}", "unknown member Keys"),
                Map.entry("{\"Credentials\": [{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"s\"}]}",
                        "Credentials[0] has no AccountId"),
                Map.entry("{\"Credentials\": [{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"s\", \"AccountId\": \"12\"}]}",
                        "Credentials[0].AccountId must be 12 digits"),
                Map.entry("{\"Credentials\": [{\"AccessKeyId\": \"A/B\", \"SecretAccessKey\": \"s\", "
                        + "\"AccountId\": \"111122223333\"}]}", "Credentials[0].AccessKeyId must be"),
                Map.entry("{\"Credentials\": [{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"\", "
                        + "\"AccountId\": \"111122223333\"}]}", "SecretAccessKey must be a non-empty string"),
                Map.entry("{\"Credentials\": [{\"AccessKeyId\": \"A\", \"SecretKey\": \"s\", "
                        + "\"AccountId\": \"111122223333\"}]}", "unknown member SecretKey"),
                Map.entry("{\"Credentials\": [{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"s\", \"AccountId\": "
                        + "\"111122223333\"}, {\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"t\", \"AccountId\": "
                        + "\"111122223333\"}]}", "Credentials[1].AccessKeyId A is listed twice"));
        cases.forEach((json, reason) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileCredentials.parse(json));
            assertTrue(e.getMessage().contains(reason), json + " -> " + e.getMessage());
        });
    }

    @Test
    void aMissingOrBadFileNamesTheFile() throws IOException {
        Path missing = dir.resolve("nope.json");
        CredentialsException e = assertThrows(CredentialsException.class, () -> FileCredentials.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"Credentials\": []}");
        e = assertThrows(CredentialsException.class, () -> FileCredentials.load(bad));
        assertTrue(e.getMessage().startsWith("credentials file " + bad + ": "), e.getMessage());
    }

    @Test
    void developmentCredentialsAreAnyKeyWithSecretTest() {
        DevelopmentCredentials dev = new DevelopmentCredentials();
        assertEquals("test", dev.find("anything").orElseThrow().secretAccessKey());
        assertEquals("000000000000", dev.find("anything").orElseThrow().accountId());
        assertEquals("123456789012", dev.find("123456789012").orElseThrow().accountId());
        assertEquals("000000000000", dev.find("1234567890123").orElseThrow().accountId());
        assertTrue(dev.find("test").orElseThrow().acceptsSessionToken("whatever"));
        assertEquals(Optional.empty(), dev.find(""));
    }

    @Test
    void loopbackIsTold127And1AndLocalhostWithoutLookingAnyNameUp() {
        for (String host : new String[] {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost",
            "LOCALHOST", "::ffff:127.0.0.1"}) {
            assertTrue(CredentialStores.isLoopback(host), host);
        }
        for (String host : new String[] {"0.0.0.0", "::", "10.0.0.1", "192.168.1.10", "128.0.0.1", "example.com",
            "localhost.example.com", "127.0.0.256", "", "fe80::1"}) {
            assertFalse(CredentialStores.isLoopback(host), host);
        }
    }

    @Test
    void aServerBeyondLoopbackNeedsAFileOrExplicitConsent() throws IOException {
        CredentialsException e = assertThrows(CredentialsException.class,
                () -> CredentialStores.forServer("0.0.0.0", null, false));
        assertTrue(e.getMessage().contains("--credentials FILE"), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-default-credentials"), e.getMessage());
        assertInstanceOf(DevelopmentCredentials.class, CredentialStores.forServer("0.0.0.0", null, true));
        assertInstanceOf(DevelopmentCredentials.class, CredentialStores.forServer("127.0.0.1", null, false));
        Path file = Files.writeString(dir.resolve("keys.json"),
                "{\"Credentials\": [{\"AccessKeyId\": \"AKIA1\", \"SecretAccessKey\": \"s\", \"AccountId\": \"111122223333\"}]}");
        assertInstanceOf(FileCredentials.class, CredentialStores.forServer("0.0.0.0", file, false));
        assertInstanceOf(FileCredentials.class, CredentialStores.forServer("127.0.0.1", file, true));
    }

    @Test
    void theFlagsAndTheEnvironmentChooseTheCredentials() {
        ServerConfig none = ServerConfig.parse(new String[0], Map.of());
        assertEquals(null, none.credentialsFile());
        assertFalse(none.allowDefaultCredentials());

        ServerConfig flags = ServerConfig.parse(new String[] {"--credentials", "/etc/steward/keys.json",
            "--allow-default-credentials", "--port", "0"}, Map.of());
        assertEquals(Path.of("/etc/steward/keys.json"), flags.credentialsFile());
        assertTrue(flags.allowDefaultCredentials());
        assertEquals(0, flags.port());

        ServerConfig env = ServerConfig.parse(new String[0], Map.of("STEWARD_CREDENTIALS", "/k.json",
                "STEWARD_ALLOW_DEFAULT_CREDENTIALS", "true"));
        assertEquals(Path.of("/k.json"), env.credentialsFile());
        assertTrue(env.allowDefaultCredentials());

        ServerConfig override = ServerConfig.parse(new String[] {"--credentials=/f.json",
            "--allow-default-credentials=false"}, Map.of("STEWARD_CREDENTIALS", "/k.json",
                "STEWARD_ALLOW_DEFAULT_CREDENTIALS", "true"));
        assertEquals(Path.of("/f.json"), override.credentialsFile());
        assertFalse(override.allowDefaultCredentials());

        assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(new String[0],
                Map.of("STEWARD_ALLOW_DEFAULT_CREDENTIALS", "yes please")));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(new String[] {"--credentials"}, Map.of()));
    }
}
