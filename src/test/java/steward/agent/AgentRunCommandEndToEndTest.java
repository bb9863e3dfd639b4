package steward.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import steward.testing.TestServer;

/** Run Command on test agents through SDK v2: output and exit codes, cancel, an association target's output. */
class AgentRunCommandEndToEndTest {
    private static TestServer server;
    private static SsmClient ssm;
    private AgentFixture fixture;

    @BeforeAll
    static void start() {
        server = TestServer.withManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ssm = AgentFixture.client(server.endpoint());
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    @BeforeEach
    void fixture() {
        fixture = new AgentFixture(server.endpoint(), ssm);
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    private static GetCommandInvocationResponse finished(String commandId, String instanceId) {
        GetCommandInvocationResponse[] last = new GetCommandInvocationResponse[1];
        AgentCommandsEndToEndTest.await("command " + commandId + " to finish", () -> {
            try {
                last[0] = ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(instanceId));
            } catch (InvocationDoesNotExistException e) {
                return false;
            }
            return !List.of("Pending", "InProgress", "Delayed", "Cancelling").contains(last[0].statusAsString());
        });
        return last[0];
    }

    @Test
    void aCommandsOutputAndExitCodeAreReadBack() {
        TestAgent agent = fixture.online();
        agent.start();
        String commandId = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(agent.instanceId())
                .parameters(Map.of("commands", List.of("echo hello from the agent", "echo warning >&2", "exit 0"))))
                .command().commandId();
        GetCommandInvocationResponse invocation = finished(commandId, agent.instanceId());
        assertEquals("Success", invocation.statusAsString());
        assertEquals(0, invocation.responseCode());
        assertEquals("hello from the agent\n", invocation.standardOutputContent());
        assertEquals("warning\n", invocation.standardErrorContent());

        String failing = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(agent.instanceId())
                .parameters(Map.of("commands", List.of("echo before", "exit 42")))).command().commandId();
        GetCommandInvocationResponse failed = finished(failing, agent.instanceId());
        assertEquals("Failed", failed.statusAsString());
        assertEquals(42, failed.responseCode());
        assertEquals("before\n", failed.standardOutputContent());
        CommandInvocation listed = ssm.listCommandInvocations(r -> r.commandId(failing).details(true))
                .commandInvocations().get(0);
        assertEquals(42, listed.commandPlugins().get(0).responseCode());
        assertEquals("aws:runShellScript", listed.commandPlugins().get(0).name());
    }

    @Test
    void cancelStopsARunningCommand() {
        TestAgent agent = fixture.online();
        agent.start();
        String commandId = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(agent.instanceId())
                .parameters(Map.of("commands", List.of("sleep 60")))).command().commandId();
        AgentCommandsEndToEndTest.await("the agent to start the command", () -> !agent.received.isEmpty()
                && "InProgress".equals(ssm.getCommandInvocation(r -> r.commandId(commandId)
                        .instanceId(agent.instanceId())).statusAsString()));
        ssm.cancelCommand(r -> r.commandId(commandId));
        GetCommandInvocationResponse cancelled = finished(commandId, agent.instanceId());
        assertEquals("Cancelled", cancelled.statusAsString());
        assertTrue(agent.received.stream().anyMatch(m -> m.get("Topic").asText().startsWith("aws.ssm.cancelCommand")),
                "the agent got a cancelCommand message");
    }

    @Test
    void anAssociationTargetsOutputOpensWithGetCommandInvocation() {
        TestAgent agent = fixture.online();
        agent.start();
        String id = ssm.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("InstanceIds")
                .values(agent.instanceId())).parameters(Map.of("commands", List.of("echo from-association"))))
                .associationDescription().associationId();
        var target = AgentCommandsEndToEndTest.finishedTargets(ssm, id, 1).get(0);
        GetCommandInvocationResponse invocation = finished(target.outputSource().outputSourceId(), agent.instanceId());
        assertEquals("from-association\n", invocation.standardOutputContent());
    }
}
