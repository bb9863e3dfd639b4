package steward.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import steward.testing.TestServer;

/**
 * Request bodies must be UTF-8 (awsJson1_1 and RFC 8259): a body that is not is refused with
 * SerializationException and changes nothing. Found by {@link ModelFuzzTest}: Jackson's byte-based
 * parser resolves a member name from its symbol table without decoding it, so once
 * {@code ResourceId} has been seen, {@code "Resource\xFFId"} (an invalid byte in front of the last
 * partial quad of the name) is read as {@code ResourceId}; and it decodes some invalid sequences
 * (beyond U+10FFFF, overlong forms) instead of refusing them, so answers can carry lone surrogates
 * that no strict JSON parser accepts.
 */
class Utf8BodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "135791357913";
    private static TestServer server;
    private static FuzzClient client;
    private static String associationId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        client = new FuzzClient(server.endpoint(), Duration.ofSeconds(10));
        JsonNode created = new ModelFuzzTest.Fixtures(client).ssm(ACCOUNT, "CreateAssociation",
                "{\"Name\":\"AWS-RunShellScript\",\"Targets\":[{\"Key\":\"InstanceIds\",\"Values\":[\"*\"]}],"
                        + "\"Parameters\":{\"commands\":[\"echo\"]}}");
        associationId = created.path("AssociationDescription").path("AssociationId").asText();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anInvalidByteInAKnownMemberNameIsRefusedAndAddsNoTag() throws Exception {
        // Seen once, "ResourceId" is in the parser's symbol table.
        send("ListTagsForResource", utf8("{\"ResourceType\":\"Association\",\"ResourceId\":\"" + associationId + "\"}"));
        FuzzClient.Answer answer = send("AddTagsToResource", bytes("{\"ResourceType\":\"Association\",\"Resource", "ff",
                "Id\":\"" + associationId + "\",\"Tags\":[{\"Key\":\"sneaky\",\"Value\":\"v\"}]}"));
        assertRefused(answer);
        JsonNode tags = JSON.readTree(send("ListTagsForResource", utf8("{\"ResourceType\":\"Association\",\"ResourceId\":\""
                + associationId + "\"}")).body());
        assertEquals("[]", tags.path("TagList").toString(), "a refused request added a tag");
    }

    @Test
    void aSequenceBeyondU10ffffIsRefused() throws Exception {
        assertRefused(send("ListAssociations", bytes("{\"AssociationFilterList\":[{\"key\":\"Name\",\"value\":\"a", "f4908080",
                "\"}]}")));
        assertRefused(send("CreateAssociationBatch", bytes("{\"Entries\":[{\"Name\":\"AWS-RunShellScript\",\"Targets", "f4908080",
                "\":[]}]}")));
    }

    @Test
    void overlongEncodingsAreRefused() throws Exception {
        assertRefused(send("ListAssociations", bytes("{\"AssociationFilterList\":[{\"key\":\"Name\",\"value\":\"a", "c080",
                "\"}]}")));
        assertRefused(send("ListAssociations", bytes("{\"AssociationFilterList\":[{\"key\":\"Name\",\"value\":\"a", "e08080",
                "\"}]}")));
    }

    private static void assertRefused(FuzzClient.Answer answer) throws Exception {
        assertEquals(400, answer.status(), answer.text());
        assertEquals("SerializationException", JSON.readTree(answer.body()).path("__type").asText(), answer.text());
    }

    private static FuzzClient.Answer send(String op, byte[] body) throws FuzzClient.NoAnswer {
        return client.send(new FuzzClient.Request("POST", "/", "AmazonSSM." + op, body, SsmCases.CONTENT_TYPE, ACCOUNT,
                FuzzClient.Auth.PROPER, Map.of()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, String hex, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }
}
