package steward.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CreateActivationResponse;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import steward.testing.ServerGroup;

/**
 * Agents and three servers on one store: an agent long-polling one server gets what another
 * queued, its replies complete invocations whichever server sent them, CancelCommand through a
 * third reaches the command, and when the server running an association is killed with SIGKILL,
 * another takes the run over: the agents' commands it had sent are adopted (their replies
 * finish them), the rest are sent, and no agent gets a command twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentsAcrossServersEndToEndTest {
    private static ServerGroup servers;
    private static List<SsmClient> ssm;

    /** One group for the class; the tests that stall or kill a server run last (server 0 is the victim). */
    @BeforeAll
    static void start() {
        servers = ServerGroup.onPostgres(3);
        ssm = servers.all().stream().map(s -> AgentFixture.client(s.endpoint())).toList();
    }

    @AfterAll
    static void stop() {
        if (ssm != null) {
            ssm.forEach(SsmClient::close);
        }
        if (servers != null) {
            servers.close();
        }
    }
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Command command(SsmClient ssm, String commandId) {
        return ssm.listCommands(r -> r.commandId(commandId)).commands().get(0);
    }

    private static long sendCommandsTo(TestAgent agent, String topicPrefix) {
        return agent.received.stream().filter(m -> m.get("Topic").asText().startsWith(topicPrefix)).count();
    }

    @Test
    @Order(1)
    void anAgentPollingOneServerRunsWhatAnotherSendsAndACancelThroughAThirdReachesIt() {
        try (AgentFixture fixture = new AgentFixture(servers.get(1).endpoint(), ssm.get(1))) {
            TestAgent agent = fixture.online();
            agent.start();
            // Sent through server 0, polled from server 1, read back through server 2.
            String hello = ssm.get(0).sendCommand(r -> r.documentName("AWS-RunShellScript")
                    .instanceIds(agent.instanceId()).parameters(Map.of("commands", List.of("echo hello")))).command()
                    .commandId();
            await("the command to succeed", () -> command(ssm.get(2), hello).statusAsString().equals("Success"));
            GetCommandInvocationResponse output = ssm.get(2).getCommandInvocation(r -> r.commandId(hello)
                    .instanceId(agent.instanceId()));
            assertEquals("hello\n", output.standardOutputContent());

            String sleeper = ssm.get(0).sendCommand(r -> r.documentName("AWS-RunShellScript")
                    .instanceIds(agent.instanceId()).parameters(Map.of("commands", List.of("sleep 120")))).command()
                    .commandId();
            await("the agent to start it", () -> ssm.get(1).getCommandInvocation(r -> r.commandId(sleeper)
                    .instanceId(agent.instanceId())).statusAsString().equals("InProgress"));
            ssm.get(2).cancelCommand(r -> r.commandId(sleeper));
            await("the cancel to reach the agent", () -> sendCommandsTo(agent, "aws.ssm.cancelCommand") == 1);
            await("the command to end Cancelled", () -> command(ssm.get(1), sleeper).statusAsString()
                    .equals("Cancelled"));
            assertEquals("Cancelled", ssm.get(2).getCommandInvocation(r -> r.commandId(sleeper)
                    .instanceId(agent.instanceId())).statusAsString());
        }
    }

    @Test
    @Order(3)
    void aRunOfAKilledServerIsFinishedByAnotherAndNoAgentGetsItsCommandTwice() throws Exception {
        try (AgentFixture fixture = new AgentFixture(servers.get(1).endpoint(), ssm.get(1))) {
            CreateActivationResponse activation = fixture.activation(4);
            List<TestAgent> agents = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                TestAgent agent = fixture.online(activation);
                agent.start();
                agents.add(agent);
            }
            String id = ssm.get(0).createAssociation(r -> r.name("AWS-RunShellScript").maxConcurrency("2")
                    .targets(t -> t.key("InstanceIds").values(agents.stream().map(TestAgent::instanceId).toList()))
                    .parameters(Map.of("commands", List.of("sleep 3; echo done")))).associationDescription()
                    .associationId();
            await("two targets in progress", () -> {
                List<AssociationExecution> runs = ssm.get(2).describeAssociationExecutions(r -> r.associationId(id))
                        .associationExecutions();
                return !runs.isEmpty() && targets(ssm.get(2), id, runs.get(0).executionId()).stream()
                        .filter(t -> t.status().equals("InProgress")).count() == 2;
            });
            servers.get(0).kill();
            long killed = System.nanoTime();
            await("the run to end", () -> {
                List<AssociationExecution> runs = ssm.get(2).describeAssociationExecutions(r -> r.associationId(id))
                        .associationExecutions();
                return !runs.get(0).status().equals("InProgress") && !runs.get(0).status().equals("Pending");
            });
            System.out.printf("agents' run finished %d ms after the kill -9%n",
                    Duration.ofNanos(System.nanoTime() - killed).toMillis());
            AssociationExecution run = ssm.get(1).describeAssociationExecutions(r -> r.associationId(id))
                    .associationExecutions().get(0);
            assertEquals("Success", run.status(), run + "\n" + servers.output());
            assertEquals("{Success=4}", run.resourceCountByStatus());
            for (AssociationExecutionTarget target : targets(ssm.get(1), id, run.executionId())) {
                GetCommandInvocationResponse invocation = ssm.get(2).getCommandInvocation(r -> r
                        .commandId(target.outputSource().outputSourceId()).instanceId(target.resourceId()));
                assertEquals("done\n", invocation.standardOutputContent());
            }
            for (TestAgent agent : agents) {
                List<JsonNode> commands = agent.received.stream()
                        .filter(m -> m.get("Topic").asText().startsWith("aws.ssm.sendCommand")).toList();
                assertEquals(1, commands.size(), agent.instanceId() + " got " + commands);
            }
            assertTrue(servers.get(1).isAlive() && servers.get(2).isAlive());
        }
    }

    /**
     * SIGSTOP the server running an association, long enough for another to take the run over,
     * then SIGCONT it: the stalled server sends nothing more and gives the run up; the one that
     * took it over finishes it, and no agent gets its command twice.
     */
    @Test
    @Order(2)
    void aServerThatStallsPastItsLeaseGivesItsRunUpAndNoCommandIsSentTwice() throws Exception {
        try (AgentFixture fixture = new AgentFixture(servers.get(1).endpoint(), ssm.get(1))) {
            CreateActivationResponse activation = fixture.activation(3);
            List<TestAgent> agents = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TestAgent agent = fixture.online(activation);
                agent.start();
                agents.add(agent);
            }
            String id = ssm.get(0).createAssociation(r -> r.name("AWS-RunShellScript").maxConcurrency("1")
                    .targets(t -> t.key("InstanceIds").values(agents.stream().map(TestAgent::instanceId).toList()))
                    .parameters(Map.of("commands", List.of("sleep 2; echo done")))).associationDescription()
                    .associationId();
            await("a target in progress", () -> {
                List<AssociationExecution> runs = ssm.get(2).describeAssociationExecutions(r -> r.associationId(id))
                        .associationExecutions();
                return !runs.isEmpty() && targets(ssm.get(2), id, runs.get(0).executionId()).stream()
                        .anyMatch(t -> t.status().equals("InProgress"));
            });
            servers.get(0).pause();
            try {
                await("another server to take the run over", () -> servers.get(1).output().stream()
                        .anyMatch(l -> l.contains("took over")) || servers.get(2).output().stream()
                        .anyMatch(l -> l.contains("took over")));
            } finally {
                servers.get(0).unpause();
            }
            await("the stalled server to give the run up", () -> servers.get(0).output().stream()
                    .anyMatch(l -> l.contains("was taken over by another server")));
            await("the run to end", () -> {
                AssociationExecution run = ssm.get(0).describeAssociationExecutions(r -> r.associationId(id))
                        .associationExecutions().get(0);
                return !run.status().equals("InProgress") && !run.status().equals("Pending");
            });
            AssociationExecution run = ssm.get(0).describeAssociationExecutions(r -> r.associationId(id))
                    .associationExecutions().get(0);
            assertEquals("Success", run.status(), run + "\n" + servers.output());
            assertEquals("{Success=3}", run.resourceCountByStatus());
            for (TestAgent agent : agents) {
                assertEquals(1, sendCommandsTo(agent, "aws.ssm.sendCommand"), agent.instanceId() + " got "
                        + agent.received);
            }
        }
    }

    private static List<AssociationExecutionTarget> targets(SsmClient ssm, String id, String executionId) {
        return ssm.describeAssociationExecutionTargetsPaginator(r -> r.associationId(id).executionId(executionId))
                .associationExecutionTargets().stream().toList();
    }
}
