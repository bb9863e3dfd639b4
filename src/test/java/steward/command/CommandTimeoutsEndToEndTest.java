package steward.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import steward.testing.ControlClient;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/**
 * Delivery time-outs on a manual clock: a node that is offline never starts its command, and
 * once TimeoutSeconds have passed on the server's clock the invocation ends DeliveryTimedOut,
 * without any real waiting.
 */
class CommandTimeoutsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static SsmClient ssm;
    private static ControlClient control;

    @BeforeAll
    static void start() {
        server = TestServer.withManualClock(Instant.parse("2027-03-01T00:00:00Z"));
        ssm = server.client();
        control = new ControlClient(server.endpoint());
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    private static String node(String behavior) {
        SignedHttp.Response response = control.post("/_steward/nodes", "{\"Behavior\":" + behavior + "}");
        assertEquals(200, response.status(), response.body());
        try {
            return JSON.readTree(response.body()).get("InstanceId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void advance(int seconds) {
        SignedHttp.Response moved = control.post("/_steward/clock", "{\"AdvanceSeconds\":" + seconds + "}");
        assertEquals(200, moved.status(), moved.body());
    }

    private static GetCommandInvocationResponse awaitInvocation(String commandId, String instanceId, String status) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            GetCommandInvocationResponse got = ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(instanceId));
            if (got.statusAsString().equals(status)) {
                return got;
            }
            assertTrue(System.nanoTime() < deadline, "never " + status + ": " + got);
            CommandsEndToEndTest.sleep(20);
        }
    }

    private static Command awaitCommand(String commandId) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            Command c = ssm.listCommands(r -> r.commandId(commandId)).commands().get(0);
            if (!List.of("Pending", "InProgress", "Cancelling").contains(c.statusAsString())) {
                return c;
            }
            assertTrue(System.nanoTime() < deadline, "never ended: " + c);
            CommandsEndToEndTest.sleep(20);
        }
    }

    @Test
    void anOfflineNodeEndsDeliveryTimedOutOnceTimeoutSecondsPass() {
        String offline = node("{\"Status\":\"Success\",\"Offline\":true}");
        assertEquals("ConnectionLost", ssm.describeInstanceInformation(r -> r.instanceInformationFilterList(
                f -> f.key("InstanceIds").valueSet(offline))).instanceInformationList().get(0).pingStatusAsString());
        Command sent = ssm.sendCommand(r -> r.instanceIds(offline).documentName("AWS-RunShellScript")
                .parameters(Map.of("commands", List.of("echo"))).timeoutSeconds(30)).command();
        advance(10);
        assertEquals("Pending", ssm.getCommandInvocation(r -> r.commandId(sent.commandId()).instanceId(offline))
                .statusAsString(), "an offline node never starts it");
        advance(25);
        GetCommandInvocationResponse timedOut = awaitInvocation(sent.commandId(), offline, "TimedOut");
        assertEquals("DeliveryTimedOut", timedOut.statusDetails());
        assertEquals(-1, timedOut.responseCode());
        Command command = awaitCommand(sent.commandId());
        assertEquals("TimedOut", command.statusAsString());
        assertEquals("DeliveryTimedOut", command.statusDetails());
        assertEquals(1, command.deliveryTimedOutCount());
        assertEquals(0, command.errorCount());
        assertEquals(1, command.completedCount());
    }

    @Test
    void deliveryTimeOutsWithinMaxErrorsLeaveTheCommandIncomplete() {
        String offline = node("{\"Status\":\"Success\",\"Offline\":true}");
        String online = node("{\"Status\":\"Success\"}");
        Command sent = ssm.sendCommand(r -> r.instanceIds(offline, online).documentName("AWS-RunShellScript")
                .parameters(Map.of("commands", List.of("echo"))).timeoutSeconds(60).maxErrors("1")).command();
        awaitInvocation(sent.commandId(), online, "Success");
        advance(61);
        awaitInvocation(sent.commandId(), offline, "TimedOut");
        Command command = awaitCommand(sent.commandId());
        assertEquals("Success", command.statusAsString());
        assertEquals("Incomplete", command.statusDetails());
        assertEquals(1, command.deliveryTimedOutCount());
    }

    @Test
    void aNodeThatComesBackOnlineRunsItsNextCommand() {
        String id = node("{\"Status\":\"Success\",\"Offline\":true}");
        SignedHttp.Response back = control.put("/_steward/nodes/" + id + "/behavior", "{\"Status\":\"Success\"}");
        assertEquals(200, back.status(), back.body());
        Command sent = ssm.sendCommand(r -> r.instanceIds(id).documentName("AWS-RunShellScript")
                .parameters(Map.of("commands", List.of("echo")))).command();
        awaitInvocation(sent.commandId(), id, "Success");
        assertEquals("Online", ssm.describeInstanceInformation(r -> r.instanceInformationFilterList(
                f -> f.key("InstanceIds").valueSet(id))).instanceInformationList().get(0).pingStatusAsString());
    }
}
