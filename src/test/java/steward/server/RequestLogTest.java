package steward.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CreateAssociationResponse;
import steward.testing.ServerProcess;
import steward.testing.TestServer;

/**
 * One log line per request, in JSON or text, with the operation, status, error code, latency,
 * request id and account, and never a secret, a signature, a session token or a body; and the
 * log settings taken from flags over environment over the config file, on a real process.
 */
class RequestLogTest {
    private static final String SECRET = "secret-that-must-never-be-logged";
    private static final String TOKEN = "session-token-that-must-never-be-logged";
    private static final String BODY = "echo body-that-must-never-be-logged";
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path dir;

    @BeforeEach
    void makeDirectory() throws Exception {
        dir = Files.createTempDirectory("steward-log");
        Path credentials = dir.resolve("keys.json");
        Files.writeString(credentials, """
                {"Credentials": [
                  {"AccessKeyId": "AKIALOGTEST000000001", "SecretAccessKey": "%s", "AccountId": "111122223333"},
                  {"AccessKeyId": "ASIALOGTEST000000002", "SecretAccessKey": "%s", "AccountId": "444455556666",
                   "SessionToken": "%s"}
                ]}""".formatted(SECRET, SECRET, TOKEN));
        Files.setPosixFilePermissions(credentials, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void removeDirectory() {
        TestServer.deleteRecursively(dir);
    }

    @Test
    void jsonLinesHoldEveryFieldAndNoSecret() throws Exception {
        List<String> output;
        String createId;
        String errorId;
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), "--log-format", "json",
                "--credentials", dir.resolve("keys.json").toString())) {
            try (SsmClient ssm = client(server.endpoint(), AwsBasicCredentials.create("AKIALOGTEST000000001", SECRET));
                 SsmClient session = client(server.endpoint(), AwsSessionCredentials.create("ASIALOGTEST000000002",
                         SECRET, TOKEN));
                 SsmClient wrong = client(server.endpoint(), AwsBasicCredentials.create("AKIALOGTEST000000001", "wrong"))) {
                CreateAssociationResponse created = ssm.createAssociation(r -> r.name("AWS-RunShellScript")
                        .targets(t -> t.key("InstanceIds").values("mi-0123456789abcdef0"))
                        .parameters(Map.of("commands", List.of(BODY))));
                createId = created.responseMetadata().requestId();
                errorId = requestIdOfFailure(() -> session.describeAssociation(r -> r
                        .associationId("11111111-2222-3333-4444-555555555555")));
                requestIdOfFailure(() -> wrong.listAssociations(r -> { }));
            }
            HttpResponse<String> tooLarge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint())
                    .header("X-Amz-Target", "AmazonSSM.ListAssociations")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, tooLarge.statusCode());
            server.awaitLine(l -> l.contains("RequestEntityTooLargeException"), Duration.ofSeconds(10));
            assertEquals(0, server.terminate(Duration.ofSeconds(30)));
            output = server.output();
        }
        String all = String.join("\n", output);
        for (String secret : List.of(SECRET, TOKEN, "body-that-must-never-be-logged", "Signature=", "Credential=",
                "AWS4-HMAC-SHA256", "X-Amz-Security-Token")) {
            assertFalse(all.contains(secret), "the log holds '" + secret + "':\n" + all);
        }
        List<JsonNode> requests = new ArrayList<>();
        for (String line : output) {
            if (line.startsWith("{")) {
                JsonNode json = JSON.readTree(line);
                if (json.path("logger_name").asText().equals(RequestLog.LOGGER)) {
                    requests.add(json);
                }
            } else {
                assertTrue(!line.contains("INFO") && !line.contains("request"), "a log line not in JSON: " + line);
            }
        }
        assertEquals(4, requests.size(), "one line per request:\n" + all);

        JsonNode create = only(requests, createId);
        assertEquals("CreateAssociation", create.get("operation").asText());
        assertEquals(200, create.get("status").asInt());
        assertEquals("-", create.get("error_code").asText());
        assertEquals("111122223333", create.get("account").asText());
        assertTrue(create.get("latency_ms").isNumber() && create.get("latency_ms").asDouble() > 0, create.toString());
        assertEquals("INFO", create.get("level").asText());
        assertTrue(create.has("@timestamp"), create.toString());

        JsonNode error = only(requests, errorId);
        assertEquals("DescribeAssociation", error.get("operation").asText());
        assertEquals(400, error.get("status").asInt());
        assertEquals("AssociationDoesNotExist", error.get("error_code").asText());
        assertEquals("444455556666", error.get("account").asText());

        JsonNode refused = requests.stream().filter(r -> r.get("error_code").asText().equals("InvalidSignatureException"))
                .findFirst().orElseThrow(() -> new AssertionError(all));
        assertEquals("-", refused.get("account").asText(), "an unauthenticated caller has no account");
        assertEquals("ListAssociations", refused.get("operation").asText());
        JsonNode rejected = requests.stream().filter(r -> r.get("status").asInt() == 413).findFirst()
                .orElseThrow(() -> new AssertionError(all));
        assertEquals("RequestEntityTooLargeException", rejected.get("error_code").asText(),
                "a request the HTTP layer refused is logged too");
        assertEquals("-", rejected.get("operation").asText());
        assertEquals(400, refused.get("status").asInt());
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheConfigFile() throws Exception {
        Path config = Files.writeString(dir.resolve("steward.toml"), """
                log-format = "json"
                log-level = "warn"
                shutdown-grace = "3s"
                """);
        List<String> output;
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), Map.of("STEWARD_LOG_FORMAT", "text",
                "STEWARD_LOG_LEVEL", "error", "STEWARD_CONFIG", config.toString()), "--log-level", "info")) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint()
                    .resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint())
                    .header("X-Amz-Target", "AmazonSSM.ListAssociations").POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, unsigned.statusCode());
            server.awaitLine(l -> l.contains("MissingAuthenticationToken"), Duration.ofSeconds(10));
            assertEquals(0, server.terminate(Duration.ofSeconds(30)));
            output = server.output();
        }
        String all = String.join("\n", output);
        // Text (the environment over the file) at info (the flag over both): the request is logged, the
        // operators' probe (debug) is not.
        String line = output.stream().filter(l -> l.contains("MissingAuthenticationToken")).findFirst().orElseThrow();
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  request answered operation=\"ListAssociations\" status=\"400\" "
                + "error_code=\"MissingAuthenticationToken\" latency_ms=\"[0-9.]+\" request_id=\"[0-9a-f-]{36}\" "
                + "account=\"-\""), line);
        assertFalse(all.contains("/health"), all);
        assertTrue(all.contains("INFO  Steward stopping"), all);
    }

    private static JsonNode only(List<JsonNode> requests, String requestId) {
        List<JsonNode> found = requests.stream().filter(r -> r.get("request_id").asText().equals(requestId)).toList();
        assertEquals(1, found.size(), requestId + " in " + requests);
        return found.get(0);
    }

    private static String requestIdOfFailure(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e.requestId();
        }
        throw new AssertionError("the call succeeded");
    }

    private static SsmClient client(URI endpoint, AwsCredentials credentials) {
        return SsmClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
