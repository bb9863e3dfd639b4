package steward.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import steward.testing.ControlClient;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/** The control API over real HTTP with SigV4-signed requests: every endpoint and the ways callers get it wrong. */
class ControlApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger ACCOUNTS = new AtomicInteger(200_000_000);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A client of a fresh account, so each test sees only its own nodes and alarms. */
    private static ControlClient client() {
        return new ControlClient(server.endpoint(), String.format("%012d", ACCOUNTS.incrementAndGet()), TestServer.REGION);
    }

    private static JsonNode ok(SignedHttp.Response response) {
        assertEquals(200, response.status(), response.body());
        assertEquals("application/json", response.header("Content-Type"));
        assertNotNull(response.header("x-amzn-RequestId"));
        return parse(response);
    }

    /** Asserts an AWS-style error and returns its message. */
    private static String error(int status, String type, SignedHttp.Response response) {
        assertEquals(status, response.status(), response.body());
        JsonNode body = parse(response);
        assertEquals(type, body.path("__type").asText(), response.body());
        assertEquals(type, response.header("X-Amzn-ErrorType"));
        assertNotNull(response.header("x-amzn-RequestId"));
        return body.path("Message").asText();
    }

    private static JsonNode parse(SignedHttp.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static String register(ControlClient client, String body) {
        return ok(client.post("/_steward/nodes", body)).get("InstanceId").asText();
    }

    @Test
    void registeringWithAnEmptyObjectGivesAnOnlineLinuxNodeThatSucceedsAtOnce() {
        JsonNode node = ok(client().post("/_steward/nodes", "{}"));
        String id = node.get("InstanceId").asText();
        assertTrue(id.matches("mi-[0-9a-f]{17}"), id);
        assertEquals("Online", node.get("PingStatus").asText());
        assertEquals("Linux", node.get("PlatformType").asText());
        assertEquals("Amazon Linux", node.get("PlatformName").asText());
        assertEquals("sim-" + id.substring(id.length() - 6), node.get("ComputerName").asText());
        assertEquals(id, node.get("SourceId").asText());
        assertTrue(node.get("IPAddress").asText().startsWith("10."));
        assertTrue(node.get("RegistrationDate").isNumber(), "epoch seconds, as on the AWS wire");
        assertEquals(JSON.createArrayNode(), node.get("Tags"));
        assertEquals(JSON.createObjectNode().put("Status", "Success").put("DurationMillis", 0), node.get("Behavior"));
    }

    @Test
    void everyRegistrationMemberIsKept() {
        ControlClient c = client();
        JsonNode node = ok(c.post("/_steward/nodes", """
                {"InstanceId": "mi-0123456789abcdef0", "ComputerName": "db-7", "PlatformType": "MacOS",
                 "Tags": [{"Key": "env", "Value": "prod"}],
                 "Behavior": {"Status": "TimedOut", "DurationMillis": 1500}}"""));
        assertEquals("mi-0123456789abcdef0", node.get("InstanceId").asText());
        assertEquals("db-7", node.get("ComputerName").asText());
        assertEquals("MacOS", node.get("PlatformType").asText());
        assertEquals("env", node.at("/Tags/0/Key").asText());
        assertEquals("TimedOut", node.at("/Behavior/Status").asText());
        assertEquals(1500, node.at("/Behavior/DurationMillis").asLong());
        assertEquals(node, ok(c.get("/_steward/nodes/mi-0123456789abcdef0")));
    }

    @Test
    void anEmptyBodyTakesEveryDefault() {
        assertTrue(ok(client().post("/_steward/nodes", null)).get("InstanceId").asText().startsWith("mi-"));
    }

    @Test
    void registeringAnExistingIdIsAConflict() {
        ControlClient c = client();
        register(c, "{\"InstanceId\": \"i-0123456789abcdef0\"}");
        error(409, "ResourceAlreadyExistsException", c.post("/_steward/nodes", "{\"InstanceId\": \"i-0123456789abcdef0\"}"));
    }

    @Test
    void malformedBodiesAre400sNamingTheMember() {
        ControlClient c = client();
        error(400, "SerializationException", c.post("/_steward/nodes", "{\"InstanceId\": "));
        error(400, "SerializationException", c.post("/_steward/nodes", "[]"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes",
                "{\"Behavior\": {\"Status\": \"Sometimes\"}}")).contains("Behavior.Status"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes",
                "{\"Behavior\": {\"Status\": \"Success\", \"DurationMillis\": -1}}")).contains("Behavior.DurationMillis"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes",
                "{\"Behavior\": {\"Status\": \"Success\", \"DurationMillis\": \"10\"}}")).contains("Behavior.DurationMillis"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes",
                "{\"Behavior\": {\"Status\": \"Success\", \"DurationMillis\": 1.5}}")).contains("Behavior.DurationMillis"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes",
                "{\"Behavior\": {\"DurationMillis\": 5}}")).contains("Behavior.Status"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes", "{\"Behaviour\": {}}"))
                .contains("Behaviour"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes", "{\"InstanceId\": 7}"))
                .contains("InstanceId"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes", "{\"InstanceId\": \"node-1\"}"))
                .contains("InstanceId"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes", "{\"PlatformType\": \"BeOS\"}"))
                .contains("PlatformType"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes", "{\"Tags\": {\"env\": \"prod\"}}"))
                .contains("Tags"));
        assertTrue(error(400, "ValidationException", c.post("/_steward/nodes", "{\"Tags\": [{\"Key\": \"env\"}]}"))
                .contains("Tags[0]"));
        assertEquals(0, ok(c.get("/_steward/nodes")).get("Nodes").size(), "no failed registration stored a node");
    }

    @Test
    void listingShowsTheTenantsNodesWithTheirTags() {
        ControlClient c = client();
        String a = register(c, "{\"Tags\": [{\"Key\": \"role\", \"Value\": \"web\"}]}");
        String b = register(c, "{}");
        JsonNode nodes = ok(c.get("/_steward/nodes")).get("Nodes");
        assertEquals(List.of(a, b).stream().sorted().toList(),
                List.of(nodes.get(0).get("InstanceId").asText(), nodes.get(1).get("InstanceId").asText()));
        JsonNode tagged = nodes.get(0).get("InstanceId").asText().equals(a) ? nodes.get(0) : nodes.get(1);
        assertEquals("web", tagged.at("/Tags/0/Value").asText());
    }

    @Test
    void behaviorCanBeReplaced() {
        ControlClient c = client();
        String id = register(c, "{}");
        JsonNode node = ok(c.put("/_steward/nodes/" + id + "/behavior", "{\"Status\": \"Failed\", \"DurationMillis\": 250}"));
        assertEquals("Failed", node.at("/Behavior/Status").asText());
        assertEquals(250, node.at("/Behavior/DurationMillis").asLong());
        assertEquals(node, ok(c.get("/_steward/nodes/" + id)));
        assertEquals(0, ok(c.put("/_steward/nodes/" + id + "/behavior", "{\"Status\": \"Success\"}"))
                .at("/Behavior/DurationMillis").asLong(), "DurationMillis defaults to 0");
        assertTrue(error(400, "ValidationException", c.put("/_steward/nodes/" + id + "/behavior",
                "{\"Status\": \"Success\", \"DurationMillis\": -5}")).contains("DurationMillis"));
        error(400, "SerializationException", c.put("/_steward/nodes/" + id + "/behavior", "\"Failed\""));
        error(400, "SerializationException", c.put("/_steward/nodes/" + id + "/behavior", "{"));
    }

    @Test
    void deletedNodesAreGone() {
        ControlClient c = client();
        String id = register(c, "{}");
        assertEquals(JSON.createObjectNode(), ok(c.delete("/_steward/nodes/" + id)));
        error(404, "ResourceNotFoundException", c.get("/_steward/nodes/" + id));
        error(404, "ResourceNotFoundException", c.delete("/_steward/nodes/" + id));
    }

    @Test
    void unknownNodesAre404s() {
        ControlClient c = client();
        String missing = "mi-0000000000000000f";
        assertTrue(error(404, "ResourceNotFoundException", c.get("/_steward/nodes/" + missing)).contains(missing));
        error(404, "ResourceNotFoundException", c.delete("/_steward/nodes/" + missing));
        error(404, "ResourceNotFoundException", c.put("/_steward/nodes/" + missing + "/behavior", "{\"Status\": \"Failed\"}"));
    }

    @Test
    void anotherAccountOrRegionCanNeitherSeeNorChangeNorDeleteTheNode() {
        ControlClient owner = client();
        String id = register(owner, "{}");
        for (ControlClient other : List.of(client(), owner.inRegion("eu-west-1"))) {
            error(404, "ResourceNotFoundException", other.get("/_steward/nodes/" + id));
            error(404, "ResourceNotFoundException", other.delete("/_steward/nodes/" + id));
            error(404, "ResourceNotFoundException", other.put("/_steward/nodes/" + id + "/behavior", "{\"Status\": \"Failed\"}"));
            assertEquals(0, ok(other.get("/_steward/nodes")).get("Nodes").size());
        }
        assertEquals("Success", ok(owner.get("/_steward/nodes/" + id)).at("/Behavior/Status").asText());
    }

    @Test
    void alarmStatesAreSetAndRead() {
        ControlClient c = client();
        error(404, "ResourceNotFoundException", c.get("/_steward/alarms/cpu-high"));
        JsonNode set = ok(c.put("/_steward/alarms/cpu-high", "{\"State\": \"ALARM\"}"));
        assertEquals(JSON.createObjectNode().put("Name", "cpu-high").put("State", "ALARM"), set);
        assertEquals(set, ok(c.get("/_steward/alarms/cpu-high")));
        for (String state : List.of("OK", "INSUFFICIENT_DATA", "UNREADABLE")) {
            ok(c.put("/_steward/alarms/cpu-high", "{\"State\": \"" + state + "\"}"));
            assertEquals(state, ok(c.get("/_steward/alarms/cpu-high")).get("State").asText());
        }
        assertEquals("disk full", ok(c.put("/_steward/alarms/disk%20full", "{\"State\": \"OK\"}")).get("Name").asText());
        error(404, "ResourceNotFoundException", client().get("/_steward/alarms/cpu-high"));
    }

    @Test
    void badAlarmStatesAre400s() {
        ControlClient c = client();
        assertTrue(error(400, "ValidationException", c.put("/_steward/alarms/a", "{\"State\": \"RED\"}")).contains("State"));
        assertTrue(error(400, "ValidationException", c.put("/_steward/alarms/a", "{}")).contains("State"));
        assertTrue(error(400, "ValidationException", c.put("/_steward/alarms/a", "{\"State\": 1}")).contains("State"));
        error(400, "ValidationException", c.put("/_steward/alarms/" + "x".repeat(256), "{\"State\": \"OK\"}"));
        error(400, "ValidationException", c.put("/_steward/alarms/%20", "{\"State\": \"OK\"}"));
        error(404, "ResourceNotFoundException", c.get("/_steward/alarms/a"));
    }

    @Test
    void wrongMethodsAre405sThatSayWhatIsAllowed() {
        ControlClient c = client();
        assertEquals("GET, POST", allowed(c.send("PATCH", "/_steward/nodes", "{}")));
        assertEquals("GET, DELETE", allowed(c.send("POST", "/_steward/nodes/mi-0000000000000000f", "{}")));
        assertEquals("PUT", allowed(c.get("/_steward/nodes/mi-0000000000000000f/behavior")));
        assertEquals("GET, PUT", allowed(c.delete("/_steward/alarms/a")));
        assertEquals("GET, PUT", allowed(c.delete("/_steward/alarms/%20")), "the method is checked before the name");
    }

    private static String allowed(SignedHttp.Response response) {
        error(405, "MethodNotAllowedException", response);
        return response.header("Allow");
    }

    @Test
    void unknownControlPathsAre404s() {
        ControlClient c = client();
        error(404, "UnknownOperationException", c.get("/_steward/"));
        error(404, "UnknownOperationException", c.get("/_steward/widgets"));
        error(404, "UnknownOperationException", c.get("/_steward/nodes//behavior"));
        error(404, "UnknownOperationException", c.get("/_steward/nodes/a/b/c"));
    }

    @Test
    void aTrailingSlashIsTolerated() {
        ControlClient c = client();
        register(c, "{}");
        assertEquals(1, ok(c.get("/_steward/nodes/")).get("Nodes").size());
    }

    @Test
    void unsignedRequestsAreMissingAuthenticationToken() {
        ControlClient c = client();
        error(400, "MissingAuthenticationToken", c.sendUnsigned("GET", "/_steward/nodes", null, Map.of()));
        error(400, "MissingAuthenticationToken", c.sendUnsigned("POST", "/_steward/nodes", "{}", Map.of()));
        error(400, "MissingAuthenticationToken", c.sendUnsigned("GET", "/_steward/widgets", null, Map.of()));
    }

    @Test
    void requestsSignedForAnotherServiceAreRefused() {
        // As AWS answers a credential scoped to another service: InvalidSignatureException, naming the right one.
        String message = error(400, "InvalidSignatureException", client().sendUnsigned("GET", "/_steward/nodes", null,
                Map.of("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/ec2/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=abc", "X-Amz-Date", "20240101T000000Z")));
        assertTrue(message.contains("ssm"), message);
    }

    @Test
    void theAwsApiStillAnswersBesideTheControlApi() {
        SignedHttp aws = new SignedHttp(server.endpoint());
        SignedHttp.Response response = aws.call("DescribeInstanceInformation", "{}");
        assertEquals(200, response.status(), response.body());
        assertFalse(response.body().contains("__type"));
    }
}
