package steward.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import steward.testing.SignedHttp;
import steward.testing.SignedHttp.Response;
import steward.testing.TestServer;

/** awsJson1_1 as the spec's section 1 defines it, checked on the raw wire. */
class WireProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATE = """
            {"Name":"AWS-RunShellScript","Targets":[{"Key":"InstanceIds","Values":["*"]}],
             "Parameters":{"commands":["echo hi"]}}""";
    private static TestServer server;
    private static SignedHttp http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = new SignedHttp(server.endpoint());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(Response response) throws Exception {
        return JSON.readTree(response.body());
    }

    static void assertError(Response response, int status, String code) throws Exception {
        assertEquals(status, response.status(), response.body());
        assertEquals(code, json(response).get("__type").asText());
        assertEquals(code, response.header("X-Amzn-ErrorType"));
        assertTrue(json(response).get("Message").asText().length() > 0);
        assertFalse(json(response).has("code"), "a top-level code key would mislead the JS SDK");
        assertEquals("application/x-amz-json-1.1", response.header("Content-Type"));
        assertNotNull(response.header("x-amzn-RequestId"));
    }

    @Test
    void successCarriesRequestIdAndEpochSecondTimestamps() throws Exception {
        Response created = http.call("CreateAssociation", CREATE);
        assertEquals(200, created.status(), created.body());
        assertTrue(created.header("x-amzn-RequestId").matches("[0-9a-f-]{36}"));
        JsonNode date = json(created).get("AssociationDescription").get("Date");
        assertTrue(date.isNumber(), "timestamps are JSON numbers");
        assertTrue(date.asDouble() > 1.5e9 && date.asDouble() < 5e9, "epoch seconds, not millis");
        assertFalse(created.body().contains("null"), "absent members are left out, never null");
    }

    @Test
    void operationsWithoutOutputAnswerAnEmptyObject() throws Exception {
        String id = json(http.call("CreateAssociation", CREATE)).get("AssociationDescription").get("AssociationId").asText();
        Response deleted = http.call("DeleteAssociation", "{\"AssociationId\":\"" + id + "\"}");
        assertEquals(200, deleted.status());
        assertEquals("{}", deleted.body());
    }

    @Test
    void emptyBodyMeansEmptyObject() throws Exception {
        Response response = http.call("ListAssociations", "");
        assertEquals(200, response.status(), response.body());
        assertTrue(json(response).has("Associations"));
    }

    @Test
    void unknownOrUnimplementedOperationIsUnknownOperationException() throws Exception {
        assertError(http.call("NoSuchThing", "{}"), 400, "UnknownOperationException");
        assertError(http.call("GetParameter", "{\"Name\":\"x\"}"), 400, "UnknownOperationException");
        assertError(http.send(null, "{}".getBytes(StandardCharsets.UTF_8), "test", TestServer.REGION), 400,
                "UnknownOperationException");
        assertError(http.send("AmazonEC2.DescribeInstances", "{}".getBytes(StandardCharsets.UTF_8), "test",
                TestServer.REGION), 400, "UnknownOperationException");
    }

    @Test
    void bodyThatIsNotAJsonObjectIsSerializationException() throws Exception {
        assertError(http.call("ListAssociations", "[1,2]"), 400, "SerializationException");
        assertError(http.call("ListAssociations", "{\"MaxResults\":"), 400, "SerializationException");
        assertError(http.call("ListAssociations", "not json"), 400, "SerializationException");
        assertError(http.call("ListAssociations", "\"text\""), 400, "SerializationException");
    }

    @Test
    void memberOfTheWrongJsonTypeIsSerializationException() throws Exception {
        assertError(http.call("ListAssociations", "{\"MaxResults\":\"10\"}"), 400, "SerializationException");
        assertError(http.call("DescribeAssociation", "{\"AssociationId\":5}"), 400, "SerializationException");
        assertError(http.call("CreateAssociation", "{\"Name\":\"AWS-RunShellScript\",\"Targets\":{}}"), 400,
                "SerializationException");
        assertError(http.call("CreateAssociation", "{\"Name\":\"AWS-RunShellScript\",\"ApplyOnlyAtCronInterval\":\"yes\"}"),
                400, "SerializationException");
        assertError(http.call("ListAssociations", "{\"MaxResults\":1.5}"), 400, "SerializationException");
    }

    @Test
    void validationMessagesFollowAwsFormAndListEveryViolation() throws Exception {
        Response one = http.call("ListAssociations", "{\"MaxResults\":100}");
        assertError(one, 400, "ValidationException");
        assertEquals("1 validation error detected: Value '100' at 'maxResults' failed to satisfy constraint: "
                + "Member must have value less than or equal to 50", json(one).get("Message").asText());

        Response two = http.call("CreateAssociation", "{\"MaxErrors\":\"lots\",\"ComplianceSeverity\":\"HUGE\"}");
        assertError(two, 400, "ValidationException");
        String message = json(two).get("Message").asText();
        assertTrue(message.startsWith("3 validation errors detected: "), message);
        assertTrue(message.contains("Value null at 'name' failed to satisfy constraint: Member must not be null"), message);
        assertTrue(message.contains("Value 'HUGE' at 'complianceSeverity' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [CRITICAL, HIGH, MEDIUM, LOW, UNSPECIFIED]"), message);
        assertTrue(message.contains("Value 'lots' at 'maxErrors' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: "), message);

        Response nested = http.call("CreateAssociation", "{\"Name\":\"AWS-RunShellScript\",\"Targets\":[{\"Key\":\"\",\"Values\":[]}]}");
        assertTrue(json(nested).get("Message").asText().contains("at 'targets.1.member.key' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1"), nested.body());
    }

    @Test
    void missingOrMalformedAuthorizationIsRejected() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertError(http.sendUnsigned(Map.of("X-Amz-Target", "AmazonSSM.ListAssociations",
                "Content-Type", "application/x-amz-json-1.1"), body), 400, "MissingAuthenticationToken");
        assertError(http.sendUnsigned(Map.of("X-Amz-Target", "AmazonSSM.ListAssociations",
                "Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/ssm/aws4_request"), body), 400,
                "IncompleteSignature");
        assertError(http.sendUnsigned(Map.of("X-Amz-Target", "AmazonSSM.ListAssociations",
                "Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=host, Signature=abc"), body), 400, "IncompleteSignature");
    }

    @Test
    void oversizedBodyGetsAnAwsStyle413() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        Response response = http.send("AmazonSSM.ListAssociations", big, "test", TestServer.REGION);
        assertError(response, 413, "RequestEntityTooLargeException");
    }

    @Test
    void deeplyNestedBodyIsRejectedWithoutHarm() throws Exception {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertError(http.call("ListAssociations", deep), 400, "SerializationException");
        assertEquals(200, http.call("ListAssociations", "{}").status());
    }
}
