package steward.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CreateAssociationRequest;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.server.ServerConfig;
import steward.server.StartupFailure;
import steward.server.Steward;
import steward.testing.TestServer;

/**
 * A server started with a credentials file, driven through real HTTP: the SDK for Java v2 with
 * the right and the wrong keys, and requests signed by the SDK's signer and then spoiled on the
 * way. Every rejected request answers AWS's code and changes nothing.
 */
class SignatureEndToEndTest {
    static final String KEY = "AKIAE2EEXAMPLE000001";
    static final String SECRET = "e2e-secret/with+odd=chars";
    static final String ACCOUNT = "111122223333";
    static final String SESSION_KEY = "ASIAE2EEXAMPLE000002";
    static final String SESSION_SECRET = "session-secret";
    static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//+token==";
    static final String SESSION_ACCOUNT = "444455556666";
    static final String CREATE = """
            {"Name":"AWS-RunShellScript","Targets":[{"Key":"InstanceIds","Values":["*"]}],
             "Parameters":{"commands":["echo signed"]}}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static Steward server;
    private static URI endpoint;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static String credentialsJson() {
        return "{\"Credentials\": [{\"AccessKeyId\": \"" + KEY + "\", \"SecretAccessKey\": \"" + SECRET
                + "\", \"AccountId\": \"" + ACCOUNT + "\"}, {\"AccessKeyId\": \"" + SESSION_KEY
                + "\", \"SecretAccessKey\": \"" + SESSION_SECRET + "\", \"AccountId\": \"" + SESSION_ACCOUNT
                + "\", \"SessionToken\": \"" + TOKEN + "\"}]}";
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("steward-auth");
        Path credentials = Files.writeString(dir.resolve("credentials.json"), credentialsJson());
        server = Steward.start(new ServerConfig("127.0.0.1", 0, dir.resolve("data"), 2000, null, credentials, false));
        endpoint = URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        TestServer.deleteRecursively(dir);
    }

    static SsmClient client(AwsCredentials credentials) {
        return SsmClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static int associations(AwsCredentials credentials) {
        try (SsmClient ssm = client(credentials)) {
            return ssm.listAssociationsPaginator(r -> r.maxResults(50)).associations().stream().toList().size();
        }
    }

    static CreateAssociationRequest create() {
        return CreateAssociationRequest.builder().name("AWS-RunShellScript")
                .targets(Target.builder().key("InstanceIds").values("*").build())
                .parameters(Map.of("commands", List.of("echo signed"))).build();
    }

    static SsmException sdkRejects(AwsCredentials credentials, String code) {
        try (SsmClient ssm = client(credentials)) {
            SsmException e = assertThrows(SsmException.class, () -> ssm.createAssociation(create()));
            assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
            assertEquals(400, e.statusCode());
            return e;
        }
    }

    static SdkSigned signed(String operation, String body) {
        return SdkSigned.awsJson(operation, body).host(endpoint.getAuthority()).key(KEY, SECRET);
    }

    static JsonNode send(HttpRequest request, int status, String code) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        if (code != null) {
            assertEquals(code, body.get("__type").asText(), response.body());
            assertEquals(code, response.headers().firstValue("X-Amzn-ErrorType").orElse(null));
        }
        return body;
    }

    @Test
    void onlyTheListedKeysGetInAndEveryRejectionChangesNothing() {
        AwsBasicCredentials good = AwsBasicCredentials.create(KEY, SECRET);
        int before = associations(good);
        try (SsmClient ssm = client(good)) {
            ssm.createAssociation(create());
        }
        assertEquals(before + 1, associations(good));

        sdkRejects(AwsBasicCredentials.create(KEY, SECRET + "x"), "InvalidSignatureException");
        sdkRejects(AwsBasicCredentials.create("AKIAUNKNOWN000000003", SECRET), "UnrecognizedClientException");
        sdkRejects(AwsBasicCredentials.create("test", "test"), "UnrecognizedClientException");
        sdkRejects(AwsSessionCredentials.create(KEY, SECRET, "a-token-this-key-does-not-have"),
                "UnrecognizedClientException");
        sdkRejects(AwsSessionCredentials.create(SESSION_KEY, SESSION_SECRET, TOKEN + "x"), "UnrecognizedClientException");
        sdkRejects(AwsBasicCredentials.create(SESSION_KEY, SESSION_SECRET), "UnrecognizedClientException");
        assertEquals(before + 1, associations(good));
    }

    @Test
    void aSessionKeyWorksWithItsTokenAndActsForItsOwnAccount() {
        AwsSessionCredentials session = AwsSessionCredentials.create(SESSION_KEY, SESSION_SECRET, TOKEN);
        int mine = associations(session);
        try (SsmClient ssm = client(session)) {
            String id = ssm.createAssociation(create()).associationDescription().associationId();
            assertEquals(id, ssm.describeAssociation(r -> r.associationId(id)).associationDescription().associationId());
            try (SsmClient other = client(AwsBasicCredentials.create(KEY, SECRET))) {
                SsmException e = assertThrows(SsmException.class,
                        () -> other.describeAssociation(r -> r.associationId(id)));
                assertEquals("AssociationDoesNotExist", e.awsErrorDetails().errorCode());
            }
        }
        assertEquals(mine + 1, associations(session));
    }

    /** Through the server's HTTP layer: header case, padded values and a header sent on two lines, as the SDK signs them. */
    @Test
    void repeatedAndPaddedHeadersAreVerifiedAsTheSdkSignsThem() throws Exception {
        SdkSigned signed = signed("ListAssociations", "{\"MaxResults\":1}").header("X-Custom", "  spaced    value  ")
                .repeatedHeader("X-Amz-Meta-Repeated", "  first   value ").repeatedHeader("x-amz-meta-REPEATED", "second\t value");
        HttpRequest genuine = signed.http();
        assertEquals(2, genuine.headers().allValues("X-Amz-Meta-Repeated").size(), genuine.headers().toString());
        assertTrue(genuine.headers().firstValue("Authorization").orElseThrow().contains("x-amz-meta-repeated"),
                "the SDK signed the repeated header");
        send(genuine, 200, null);
        send(withHeader(genuine, "X-Amz-Meta-Repeated", "first value"), 400, "InvalidSignatureException");
        send(withHeader(genuine, "X-Custom", "spaced value!"), 400, "InvalidSignatureException");
    }

    @Test
    void spoiledRequestsAreRejectedWithAwsCodesAndCreateNothing() throws Exception {
        AwsBasicCredentials good = AwsBasicCredentials.create(KEY, SECRET);
        int before = associations(good);
        send(signed("CreateAssociation", CREATE).http(), 200, null);
        assertEquals(before + 1, associations(good));

        send(signed("CreateAssociation", CREATE).http(CREATE.replace("echo signed", "rm -rf /")), 400,
                "InvalidSignatureException");
        JsonNode old = send(signed("CreateAssociation", CREATE).at(Instant.now().minus(Duration.ofMinutes(16))).http(),
                400, "InvalidSignatureException");
        assertTrue(old.get("Message").asText().startsWith("Signature expired: "), old.toString());
        assertTrue(old.get("Message").asText().endsWith(" - 15 min.)"), old.toString());
        JsonNode future = send(signed("CreateAssociation", CREATE).at(Instant.now().plus(Duration.ofMinutes(16))).http(),
                400, "InvalidSignatureException");
        assertTrue(future.get("Message").asText().startsWith("Signature not yet current: "), future.toString());
        send(signed("CreateAssociation", CREATE).service("ec2").http(), 400, "InvalidSignatureException");

        HttpRequest genuine = signed("CreateAssociation", CREATE).http();
        send(withHeader(genuine, "X-Amz-Target", "AmazonSSM.CreateAssociationBatch"), 400, "InvalidSignatureException");
        send(withoutHeader(genuine, "X-Amz-Date"), 400, "IncompleteSignature");
        String authorization = genuine.headers().firstValue("Authorization").orElseThrow();
        send(withHeader(genuine, "Authorization", authorization.substring(0, authorization.length() - 2)), 400,
                "InvalidSignatureException");
        send(withHeader(genuine, "Authorization", authorization.replace(";host;", ";")), 400, "IncompleteSignature");
        send(withHeader(genuine, "Authorization", authorization.replace("/us-east-1/ssm/", "/us-east-1/s3/")), 400,
                "InvalidSignatureException");
        send(withoutHeader(genuine, "Authorization"), 400, "MissingAuthenticationToken");
        assertEquals(before + 1, associations(good));
    }

    @Test
    void theControlApiIsGuardedTheSameWay() throws Exception {
        SdkSigned register = new SdkSigned().method("POST").path("/_steward/nodes").host(endpoint.getAuthority())
                .key(KEY, SECRET).header("Content-Type", "application/json").body("{\"ComputerName\":\"guarded\"}");
        send(register.http(), 200, null);
        send(register.key(KEY, "wrong").http(), 400, "InvalidSignatureException");
        send(register.key("AKIAUNKNOWN000000003", SECRET).http(), 400, "UnrecognizedClientException");
        send(register.key(KEY, SECRET).http("{\"ComputerName\":\"intruder\"}"), 400, "InvalidSignatureException");
        JsonNode nodes = send(new SdkSigned().method("GET").path("/_steward/nodes").host(endpoint.getAuthority())
                .key(KEY, SECRET).http(), 200, null);
        List<String> names = new ArrayList<>();
        nodes.get("Nodes").forEach(n -> names.add(n.get("ComputerName").asText()));
        assertEquals(List.of("guarded"), names);

        SdkSigned alarm = new SdkSigned().method("PUT").path("/_steward/alarms/my%20alarm").host(endpoint.getAuthority())
                .key(KEY, SECRET).header("Content-Type", "application/json").body("{\"State\":\"ALARM\"}");
        assertEquals("my alarm", send(alarm.http(), 200, null).get("Name").asText());
    }

    @Test
    void presignedRequestsAreAcceptedUntilTheyExpire() throws Exception {
        HttpRequest presigned = signed("ListAssociations", "{}").presigned(Duration.ofMinutes(5)).http();
        assertTrue(presigned.uri().getRawQuery().contains("X-Amz-Signature="), presigned.uri().toString());
        assertTrue(send(presigned, 200, null).has("Associations"));
        HttpRequest expired = signed("ListAssociations", "{}").at(Instant.now().minus(Duration.ofMinutes(2)))
                .presigned(Duration.ofSeconds(60)).http();
        JsonNode e = send(expired, 400, "InvalidSignatureException");
        assertTrue(e.get("Message").asText().startsWith("Signature expired: "), e.toString());
    }

    @Test
    void aServerBeyondLoopbackWithoutCredentialsRefusesToStart() throws Exception {
        Path data = dir.resolve("refused");
        StartupFailure e = assertThrows(StartupFailure.class,
                () -> Steward.start(new ServerConfig("0.0.0.0", 0, data, 2000)));
        assertEquals(StartupFailure.CREDENTIALS, e.exitCode());
        assertTrue(e.getCause() instanceof CredentialsException, e.toString());
        assertTrue(e.getMessage().startsWith("refusing to listen on 0.0.0.0"), e.getMessage());
        assertTrue(!Files.exists(data.resolve("steward.db")), "nothing was opened");

        Process main = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "steward.server.Main", "serve", "--host", "0.0.0.0", "--port", "0",
                "--data-dir", data.toString()).redirectErrorStream(true).start();
        main.getOutputStream().close();
        assertTrue(main.waitFor(60, TimeUnit.SECONDS), "steward serve did not exit");
        String output = new String(main.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, main.exitValue(), output);
        assertTrue(output.contains("steward: refusing to listen on 0.0.0.0 with the development credentials"), output);
    }

    private static HttpRequest withHeader(HttpRequest request, String name, String value) {
        return HttpRequest.newBuilder(request, (n, v) -> !n.equalsIgnoreCase(name)).header(name, value).build();
    }

    private static HttpRequest withoutHeader(HttpRequest request, String name) {
        return HttpRequest.newBuilder(request, (n, v) -> !n.equalsIgnoreCase(name)).build();
    }
}
