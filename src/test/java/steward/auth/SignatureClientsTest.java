package steward.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import steward.server.ServerConfig;
import steward.server.Steward;
import steward.testing.ClientProcess;
import steward.testing.TestServer;

/**
 * The real clients as SigV4 oracles against a server with a credentials file: boto3, botocore's
 * signer, presigned URLs and the aws CLI (python3), the SDK for JavaScript v3 and its signer
 * (node), and {@code curl --aws-sigv4}. Skipped with {@code -Dsteward.skipClients=true}.
 */
class SignatureClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static Steward server;
    private static URI endpoint;

    @BeforeAll
    static void start() throws Exception {
        if (ClientProcess.skipped()) {
            return;
        }
        dir = Files.createTempDirectory("steward-auth-clients");
        Path credentials = Files.writeString(dir.resolve("credentials.json"), SignatureEndToEndTest.credentialsJson());
        server = Steward.start(new ServerConfig("127.0.0.1", 0, dir.resolve("data"), 2000, null, credentials, false));
        endpoint = URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            TestServer.deleteRecursively(dir);
        }
    }

    private static Map<String, String> environment() {
        return Map.of("STEWARD_ENDPOINT", endpoint.toString(),
                "STEWARD_KEY", SignatureEndToEndTest.KEY, "STEWARD_SECRET", SignatureEndToEndTest.SECRET,
                "STEWARD_SESSION_KEY", SignatureEndToEndTest.SESSION_KEY,
                "STEWARD_SESSION_SECRET", SignatureEndToEndTest.SESSION_SECRET,
                "STEWARD_TOKEN", SignatureEndToEndTest.TOKEN,
                "PYTHONUNBUFFERED", "1", "PYTHONDONTWRITEBYTECODE", "1");
    }

    @Test
    void boto3BotocoreSignerPresignedUrlsAndTheAwsCli() throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true");
        Path script = ClientProcess.projectDir().resolve("src/test/resources/steward/auth/clients/test_sigv4_python.py");
        assertTrue(Files.isRegularFile(script), script.toString());
        ClientProcess.runAndAssertSuccess(List.of("python3", "-m", "unittest", "-v", script.getFileName().toString()),
                script.getParent(), environment(), 5);
    }

    @Test
    void theJavaScriptSdkAndItsSigner() throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true");
        Path js = ClientProcess.projectDir().resolve("src/test/js");
        if (!Files.isDirectory(js.resolve("node_modules/@aws-sdk/client-ssm"))) {
            ClientProcess.runAndAssertSuccess(List.of("npm", "ci", "--no-audit", "--no-fund"), js, Map.of(), 5);
        }
        ClientProcess.runAndAssertSuccess(List.of("node", "--test", "sigv4-oracle.mjs"), js, environment(), 5);
    }

    @Test
    void curlAwsSigv4() throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true");
        String user = SignatureEndToEndTest.KEY + ":" + SignatureEndToEndTest.SECRET;
        JsonNode node = curl(user, "-X", "POST", "-H", "Content-Type: application/json",
                "-d", "{\"ComputerName\":\"curled\",\"Tags\":[{\"Key\":\"env\",\"Value\":\"curl\"}]}",
                endpoint + "/_steward/nodes");
        assertEquals("curled", node.get("ComputerName").asText(), node.toString());
        assertEquals("ALARM", curl(user, "-X", "PUT", "-H", "Content-Type: application/json", "-d", "{\"State\":\"ALARM\"}",
                endpoint + "/_steward/alarms/curl-alarm").get("State").asText());
        assertEquals("ALARM", curl(user, endpoint + "/_steward/alarms/curl-alarm").get("State").asText());
        assertEquals("InvalidSignatureException", curl(SignatureEndToEndTest.KEY + ":wrong",
                endpoint + "/_steward/nodes").get("__type").asText());
        assertEquals("UnrecognizedClientException", curl("AKIAUNKNOWN000000003:x",
                endpoint + "/_steward/nodes").get("__type").asText());
        assertEquals("UnrecognizedClientException", curl("test:test", endpoint + "/_steward/nodes").get("__type").asText());

        // curl 8 encodes an escaped path a second time and sorts the query, as AWS and the SDKs sign;
        // curl 7 signs both as they stand, which AWS (and so Steward) does not accept.
        JsonNode escaped = curl(user, "-X", "PUT", "-H", "Content-Type: application/json", "-d", "{\"State\":\"OK\"}",
                endpoint + "/_steward/alarms/curl%20alarm");
        boolean canonicalizingCurl = curlMajorVersion() > 8 || curlMajorVersion() == 8 && curlMinorVersion() >= 8;
        boolean accepted = escaped.has("Name");
        if (canonicalizingCurl) {
            assertTrue(accepted, "curl " + curlMajorVersion() + "." + curlMinorVersion() + " signs as AWS does: " + escaped);
        } else if (curlMajorVersion() < 8) {
            assertTrue(!accepted, "curl 7 signs the path as it stands, which AWS refuses: " + escaped);
        }
        // Whichever way this curl signs (8.0 to 8.7 changed it piece by piece), the answer is one of
        // the two, and the store agrees with it: read back by a signer independent of curl.
        if (accepted) {
            assertEquals("curl alarm", escaped.get("Name").asText(), escaped.toString());
            assertEquals("OK", escaped.get("State").asText(), escaped.toString());
        } else {
            assertEquals("InvalidSignatureException", escaped.get("__type").asText(), escaped.toString());
        }
        HttpResponse<String> stored = HttpClient.newHttpClient().send(new SdkSigned().method("GET")
                .path("/_steward/alarms/curl%20alarm").host(endpoint.getAuthority())
                .key(SignatureEndToEndTest.KEY, SignatureEndToEndTest.SECRET).http(""), HttpResponse.BodyHandlers.ofString());
        if (accepted) {
            assertEquals(200, stored.statusCode(), stored.body());
            assertEquals("OK", JSON.readTree(stored.body()).get("State").asText(), stored.body());
        } else {
            assertEquals(404, stored.statusCode(), "a refused PUT set nothing: " + stored.body());
            assertEquals("No state was set for alarm curl alarm.", JSON.readTree(stored.body()).get("Message").asText());
        }
    }

    private static JsonNode curl(String user, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "--aws-sigv4",
                "aws:amz:us-east-1:ssm", "--user", user));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return JSON.readTree(output);
    }

    private static int[] curlVersion;

    private static int curlMajorVersion() throws IOException, InterruptedException {
        return version()[0];
    }

    private static int curlMinorVersion() throws IOException, InterruptedException {
        return version()[1];
    }

    private static int[] version() throws IOException, InterruptedException {
        if (curlVersion == null) {
            Process process = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            Matcher m = Pattern.compile("curl (\\d+)\\.(\\d+)").matcher(output);
            curlVersion = m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {0, 0};
        }
        return curlVersion;
    }
}
