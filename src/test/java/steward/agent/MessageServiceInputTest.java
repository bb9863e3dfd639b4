package steward.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import steward.testing.TestServer;

/** Bad input to ec2messages, from an agent's own credentials: AWS-style errors that name the member. */
class MessageServiceInputTest {
    private static TestServer server;
    private static SsmClient ssm;
    private static AgentFixture fixture;
    private static TestAgent agent;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ssm = AgentFixture.client(server.endpoint());
        fixture = new AgentFixture(server.endpoint(), ssm);
        agent = fixture.online();
    }

    @AfterAll
    static void stop() {
        fixture.close();
        ssm.close();
        server.close();
    }

    private static TestAgent.CallFailed refused(String operation, String body) {
        return assertThrows(TestAgent.CallFailed.class, () -> agent.signed("EC2WindowsMessageDeliveryService." + operation,
                "ec2messages", body.getBytes(StandardCharsets.UTF_8), agent.credentials()));
    }

    private static void invalid(String operation, String body, String member) {
        TestAgent.CallFailed e = refused(operation, body);
        assertEquals(400, e.status);
        assertEquals("ValidationException", e.code, e.getMessage());
        assertTrue(e.getMessage().contains("'" + member + "'"), e.getMessage());
    }

    @Test
    void constraintViolationsNameTheMember() {
        String id = agent.instanceId();
        invalid("GetMessages", "{\"MessagesRequestId\":\"" + UUID.randomUUID() + "\"}", "destination");
        invalid("GetMessages", "{\"Destination\":\"" + id + "\",\"MessagesRequestId\":\"short\"}", "messagesRequestId");
        invalid("GetMessages", "{\"Destination\":\"" + id + "\",\"MessagesRequestId\":\"" + UUID.randomUUID()
                + "\",\"VisibilityTimeoutInSeconds\":-1}", "visibilityTimeoutInSeconds");
        invalid("AcknowledgeMessage", "{}", "messageId");
        invalid("AcknowledgeMessage", "{\"MessageId\":\"aws.ssm.x\"}", "messageId");
        invalid("SendReply", "{\"MessageId\":\"aws.ssm.0123456789.mi-1\",\"Payload\":\"{}\"}", "replyId");
        invalid("FailMessage", "{\"MessageId\":\"aws.ssm.0123456789.mi-1\",\"FailureType\":\"Whatever\"}", "failureType");
        invalid("DeleteMessage", "{}", "messageId");
        invalid("GetEndpoint", "{}", "destination");
    }

    @Test
    void wrongTypesTargetsAndSigningAreRefused() {
        assertEquals("SerializationException", refused("GetMessages", "{\"Destination\": 5, \"MessagesRequestId\": "
                + "\"0123456789abcdef0\"}").code);
        assertEquals("SerializationException", refused("GetMessages", "not json").code);
        assertEquals("UnknownOperationException", refused("PutMessage", "{}").code);
        assertEquals("InvalidMessageIdException", refused("AcknowledgeMessage",
                "{\"MessageId\":\"aws.ssm." + UUID.randomUUID() + "." + agent.instanceId() + "\"}").code);
        // Signed for ssm rather than ec2messages.
        TestAgent.CallFailed scope = assertThrows(TestAgent.CallFailed.class, () -> agent.signed(
                "EC2WindowsMessageDeliveryService.GetEndpoint", "ssm", ("{\"Destination\":\"" + agent.instanceId()
                        + "\"}").getBytes(StandardCharsets.UTF_8), agent.credentials()));
        assertEquals("InvalidSignatureException", scope.code);
        // Unsigned.
        TestAgent.CallFailed unsigned = assertThrows(TestAgent.CallFailed.class, () -> agent.send(
                "EC2WindowsMessageDeliveryService.GetEndpoint", "{}".getBytes(StandardCharsets.UTF_8), Map.of()));
        assertEquals("MissingAuthenticationToken", unsigned.code);
    }

    @Test
    void getEndpointAnswersThisServer() {
        assertTrue(agent.mds("GetEndpoint", TestAgent.JSON.createObjectNode().put("Destination", agent.instanceId()))
                .get("Endpoint").asText().equals("127.0.0.1:" + server.endpoint().getPort()));
    }
}
