package steward.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import software.amazon.awssdk.services.ssm.model.CreateActivationResponse;
import software.amazon.awssdk.services.ssm.model.Tag;
import steward.server.ServerConfig;
import steward.testing.ControlClient;
import steward.testing.TestServer;

/**
 * Association runs on real (test) agents over ec2messages: the runner's rate controls apply, the
 * agent really runs the shell commands, a silent agent ends its target as AWS would, and a
 * restart of Steward leaves connected agents working.
 */
class AgentCommandsEndToEndTest {
    private static TestServer server;
    private static SsmClient ssm;
    private static ControlClient control;
    private AgentFixture fixture;

    @BeforeAll
    static void start() {
        // Empty polls are held 2 s rather than 15, so the checks that nothing comes do not wait long.
        try {
            server = TestServer.start(new ServerConfig("127.0.0.1", 0, Files.createTempDirectory("steward-test"),
                    ServerConfig.DEFAULT_ASSOCIATION_LIMIT, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                    .withLongPoll(Duration.ofSeconds(2)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ssm = AgentFixture.client(server.endpoint());
        control = new ControlClient(server.endpoint());
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

    static void advance(long seconds) {
        var response = control.post("/_steward/clock", "{\"AdvanceSeconds\": " + seconds + "}");
        assertEquals(200, response.status(), response.body());
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static List<AssociationExecutionTarget> finishedTargets(SsmClient client, String associationId, int count) {
        List<AssociationExecutionTarget> targets = new ArrayList<>();
        await("a finished run of " + associationId, () -> {
            List<AssociationExecution> runs = client.describeAssociationExecutions(r -> r.associationId(associationId))
                    .associationExecutions();
            if (runs.isEmpty() || List.of("Pending", "InProgress").contains(runs.get(0).status())) {
                return false;
            }
            targets.clear();
            targets.addAll(client.describeAssociationExecutionTargets(r -> r.associationId(associationId)
                    .executionId(runs.get(0).executionId())).associationExecutionTargets());
            return targets.size() == count;
        });
        return targets;
    }

    private static String tag() {
        return "t" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anAssociationRunsOnThreeAgentsOneAtATime(@TempDir Path dir) throws Exception {
        String group = tag();
        CreateActivationResponse activation = ssm.createActivation(r -> r.iamRole(AgentFixture.ROLE).registrationLimit(3)
                .tags(Tag.builder().key("group").value(group).build()));
        List<TestAgent> agents = List.of(fixture.online(activation), fixture.online(activation), fixture.online(activation));
        agents.forEach(TestAgent::start);
        Path log = dir.resolve("log");
        String id = ssm.createAssociation(r -> r.name("AWS-RunShellScript").maxConcurrency("1").maxErrors("0")
                .targets(t -> t.key("tag:group").values(group))
                .parameters(java.util.Map.of("commands", List.of(
                        "echo start $(date +%s%N) >> " + log, "sleep 0.3", "echo end $(date +%s%N) >> " + log,
                        "echo ran-on-$PPID")))).associationDescription().associationId();

        List<AssociationExecutionTarget> targets = finishedTargets(ssm, id, 3);
        targets.forEach(t -> assertEquals("Success", t.status(), t.toString()));
        List<String> lines = Files.readAllLines(log);
        assertEquals(6, lines.size(), lines.toString());
        for (int i = 0; i < 6; i += 2) {
            assertTrue(lines.get(i).startsWith("start") && lines.get(i + 1).startsWith("end"),
                    "runs overlapped under MaxConcurrency 1: " + lines);
        }
        for (TestAgent agent : agents) {
            assertEquals(1, agent.received.size());
            JsonNode message = agent.received.get(0);
            String outputSourceId = targets.stream().filter(t -> t.resourceId().equals(agent.instanceId())).findFirst()
                    .orElseThrow().outputSource().outputSourceId();
            assertEquals("aws.ssm." + outputSourceId + "." + agent.instanceId(), message.get("MessageId").asText());
            JsonNode payload = TestAgent.JSON.readTree(message.get("Payload").asText());
            assertEquals(outputSourceId, payload.get("CommandId").asText());
            assertEquals("AWS-RunShellScript", payload.get("DocumentName").asText());
            assertTrue(payload.get("DocumentContent").isObject());
            assertTrue(payload.get("Parameters").get("commands").isArray());
            assertEquals("false", payload.get("CloudWatchOutputEnabled").asText());
            assertTrue(message.get("CreatedDate").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
            assertTrue(message.get("Topic").asText().startsWith("aws.ssm.sendCommand"));
        }
    }

    @Test
    void aFailingCommandFailsItsTargetWithTheExitCode() {
        TestAgent agent = fixture.online();
        agent.start();
        String id = ssm.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("InstanceIds")
                .values(agent.instanceId())).parameters(java.util.Map.of("commands", List.of("echo oops >&2",
                "exit 3")))).associationDescription().associationId();
        AssociationExecutionTarget target = finishedTargets(ssm, id, 1).get(0);
        assertEquals("Failed", target.status());
        assertEquals("Failed", target.detailedStatus());
    }

    @Test
    void anAgentKilledMidCommandEndsExecutionTimedOut() {
        TestAgent agent = fixture.online();
        agent.start();
        String id = ssm.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("InstanceIds")
                .values(agent.instanceId())).parameters(java.util.Map.of("commands", List.of("sleep 60"))))
                .associationDescription().associationId();
        await("the agent to take the command", () -> !agent.acknowledged.isEmpty());
        agent.kill();
        advance(3600 + 5 * 60 + 1);
        AssociationExecutionTarget target = finishedTargets(ssm, id, 1).get(0);
        assertEquals("TimedOut", target.status());
        assertEquals("ExecutionTimedOut", target.detailedStatus());
    }

    @Test
    void aCommandNoAgentPicksUpEndsDeliveryTimedOutAndIsWithdrawn() {
        TestAgent agent = fixture.online();
        String id = ssm.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("InstanceIds")
                .values(agent.instanceId())).parameters(java.util.Map.of("commands", List.of("echo late"))))
                .associationDescription().associationId();
        await("the command to be sent", () -> targetInProgress(id));
        advance(3601);
        AssociationExecutionTarget target = finishedTargets(ssm, id, 1).get(0);
        assertEquals("TimedOut", target.status());
        assertEquals("DeliveryTimedOut", target.detailedStatus());
        // The agent comes back: the withdrawn command is not delivered.
        agent.refreshCredentials();
        JsonNode poll = agent.mds("GetMessages", TestAgent.JSON.createObjectNode().put("Destination", agent.instanceId())
                .put("MessagesRequestId", java.util.UUID.randomUUID().toString()));
        assertEquals(0, poll.get("Messages").size());
    }

    @Test
    void aLongPollAnswersAsSoonAsAMessageIsQueued() {
        TestAgent agent = fixture.online();
        List<JsonNode> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> elapsed = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread poller = Thread.ofVirtual().start(() -> {
            long started = System.nanoTime();
            answers.add(agent.mds("GetMessages", TestAgent.JSON.createObjectNode().put("Destination", agent.instanceId())
                    .put("MessagesRequestId", java.util.UUID.randomUUID().toString())));
            elapsed.add(System.nanoTime() - started);
        });
        await("the poll to be held open", () -> control.get("/_steward/clock").status() == 200 && pollOpenFor(poller));
        ssm.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("InstanceIds")
                .values(agent.instanceId())).parameters(java.util.Map.of("commands", List.of("true"))));
        await("the poll's answer", () -> !answers.isEmpty());
        assertEquals(1, answers.get(0).get("Messages").size());
        assertTrue(elapsed.get(0) < Duration.ofSeconds(10).toNanos(), "answered after " + elapsed.get(0) / 1e9 + " s");
        // A redelivery waits for the visibility timeout; an acknowledged message never comes back.
        String messageId = answers.get(0).get("Messages").get(0).get("MessageId").asText();
        agent.mds("AcknowledgeMessage", TestAgent.JSON.createObjectNode().put("MessageId", messageId));
        advance(60);
        JsonNode again = agent.mds("GetMessages", TestAgent.JSON.createObjectNode().put("Destination", agent.instanceId())
                .put("MessagesRequestId", java.util.UUID.randomUUID().toString()));
        assertFalse(again.get("Messages").toString().contains(messageId));
    }

    private static boolean targetInProgress(String associationId) {
        List<AssociationExecution> runs = ssm.describeAssociationExecutions(r -> r.associationId(associationId))
                .associationExecutions();
        return !runs.isEmpty() && ssm.describeAssociationExecutionTargets(r -> r.associationId(associationId)
                .executionId(runs.get(0).executionId())).associationExecutionTargets().stream()
                .anyMatch(t -> t.status().equals("InProgress"));
    }

    private static boolean pollOpenFor(Thread poller) {
        // The poll is in flight once its thread has been running a moment without an answer.
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return poller.isAlive();
    }

    @Test
    void anotherNodesMessagesCannotBeTouched() {
        TestAgent owner = fixture.online();
        TestAgent other = fixture.online();
        owner.start();
        String id = ssm.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("InstanceIds")
                .values(owner.instanceId())).parameters(java.util.Map.of("commands", List.of("true"))))
                .associationDescription().associationId();
        finishedTargets(ssm, id, 1);
        String messageId = owner.received.get(0).get("MessageId").asText();
        for (String operation : List.of("AcknowledgeMessage", "DeleteMessage")) {
            assertEquals("InvalidMessageIdException", org.junit.jupiter.api.Assertions.assertThrows(
                    TestAgent.CallFailed.class, () -> other.mds(operation, TestAgent.JSON.createObjectNode()
                            .put("MessageId", messageId))).code);
        }
        assertEquals("InvalidMessageIdException", org.junit.jupiter.api.Assertions.assertThrows(TestAgent.CallFailed.class,
                () -> other.mds("SendReply", TestAgent.JSON.createObjectNode().put("MessageId", messageId)
                        .put("ReplyId", java.util.UUID.randomUUID().toString()).put("Payload", "{}"))).code);
    }

    /** FailMessage: only the addressee may fail a message; its command then ends Failed, in one write. */
    @Test
    void aMessageTheAgentFailsEndsItsCommandFailed() throws Exception {
        TestAgent owner = fixture.online();
        TestAgent other = fixture.online();
        String commandId = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(owner.instanceId())
                .parameters(java.util.Map.of("commands", List.of("true")))).command().commandId();
        JsonNode answer = owner.mds("GetMessages", TestAgent.JSON.createObjectNode().put("Destination", owner.instanceId())
                .put("MessagesRequestId", java.util.UUID.randomUUID().toString()).put("VisibilityTimeoutInSeconds", 10));
        String messageId = answer.path("Messages").get(0).get("MessageId").asText();
        com.fasterxml.jackson.databind.node.ObjectNode fail = TestAgent.JSON.createObjectNode().put("MessageId", messageId)
                .put("FailureType", "InternalHandlerException");
        assertEquals("InvalidMessageIdException", org.junit.jupiter.api.Assertions.assertThrows(TestAgent.CallFailed.class,
                () -> other.mds("FailMessage", fail)).code);
        assertEquals("Pending", ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(owner.instanceId()))
                .statusAsString(), "another node's FailMessage changed the invocation");
        owner.mds("FailMessage", fail);
        long deadline = System.nanoTime() + 10_000_000_000L;
        String status = "";
        while (System.nanoTime() < deadline && !status.equals("Failed")) {
            status = ssm.listCommands(r -> r.commandId(commandId)).commands().get(0).statusAsString();
            Thread.sleep(50);
        }
        assertEquals("Failed", status);
        assertEquals("Failed", ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(owner.instanceId()))
                .statusAsString());
        assertEquals("InvalidMessageIdException", org.junit.jupiter.api.Assertions.assertThrows(TestAgent.CallFailed.class,
                () -> other.mds("DeleteMessage", TestAgent.JSON.createObjectNode().put("MessageId", messageId))).code);
    }

    @Test
    void agentsKeepWorkingAcrossARestartOfSteward(@TempDir Path dir) throws Exception {
        Path data = Files.createTempDirectory("steward-restart");
        TestServer first = TestServer.start(new ServerConfig("127.0.0.1", 0, data, ServerConfig.DEFAULT_ASSOCIATION_LIMIT));
        int port = first.endpoint().getPort();
        SsmClient client = AgentFixture.client(first.endpoint());
        AgentFixture agents = new AgentFixture(first.endpoint(), client);
        TestServer second = null;
        try {
            TestAgent agent = agents.online();
            agent.start();
            first.stop();
            second = TestServer.start(new ServerConfig("127.0.0.1", port, data, ServerConfig.DEFAULT_ASSOCIATION_LIMIT));
            // Same credentials, no new token: they were stored.
            agent.reportHealth();
            Path proof = dir.resolve("after-restart");
            String id = client.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("InstanceIds")
                    .values(agent.instanceId())).parameters(java.util.Map.of("commands", List.of("touch " + proof))))
                    .associationDescription().associationId();
            assertEquals("Success", finishedTargets(client, id, 1).get(0).status());
            assertTrue(Files.exists(proof));
        } finally {
            agents.close();
            client.close();
            if (second != null) {
                second.close();
            } else {
                TestServer.deleteRecursively(data);
            }
        }
    }

    /**
     * Seen with the real agent 3.3.1142.0: a command queued for an agent that was not polling
     * survived a restart of Steward, whose restart had already closed the run, and the agent ran
     * it when it came back, so the history said it never ran. Now the restarted server takes the
     * run over: the queued command is adopted, delivered once when the agent comes back, and its
     * reply finishes the run. (Before leases the restart withdrew the command.)
     */
    @Test
    void aCommandQueuedBeforeARestartIsDeliveredOnceAfterItAndFinishesTheRun(@TempDir Path dir) throws Exception {
        Path data = Files.createTempDirectory("steward-restart");
        ServerConfig config = new ServerConfig("127.0.0.1", 0, data, ServerConfig.DEFAULT_ASSOCIATION_LIMIT)
                .withLongPoll(Duration.ofSeconds(1));
        TestServer first = TestServer.start(config);
        int port = first.endpoint().getPort();
        SsmClient client = AgentFixture.client(first.endpoint());
        AgentFixture agents = new AgentFixture(first.endpoint(), client);
        TestServer second = null;
        try {
            TestAgent agent = agents.online();
            Path proof = dir.resolve("ran");
            String id = client.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("InstanceIds")
                    .values(agent.instanceId())).parameters(java.util.Map.of("commands", List.of("touch " + proof))))
                    .associationDescription().associationId();
            await("the command to be queued", () -> {
                List<AssociationExecution> runs = client.describeAssociationExecutions(r -> r.associationId(id))
                        .associationExecutions();
                return !runs.isEmpty() && client.describeAssociationExecutionTargets(r -> r.associationId(id)
                        .executionId(runs.get(0).executionId())).associationExecutionTargets().stream()
                        .anyMatch(t -> t.status().equals("InProgress"));
            });
            first.stop();
            second = TestServer.start(new ServerConfig("127.0.0.1", port, data, ServerConfig.DEFAULT_ASSOCIATION_LIMIT)
                    .withLongPoll(Duration.ofSeconds(1)));
            AssociationExecution run = client.describeAssociationExecutions(r -> r.associationId(id))
                    .associationExecutions().get(0);
            assertEquals("InProgress", run.status(), run.toString());
            agent.start();
            assertEquals("Success", finishedTargets(client, id, 1).get(0).status());
            assertTrue(Files.exists(proof));
            // The agent keeps working: what is sent after the restart arrives.
            String after = client.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("InstanceIds")
                    .values(agent.instanceId())).parameters(java.util.Map.of("commands", List.of("true"))))
                    .associationDescription().associationId();
            assertEquals("Success", finishedTargets(client, after, 1).get(0).status());
            assertEquals(2, agent.received.size(), "the adopted command was delivered once");
        } finally {
            agents.close();
            client.close();
            if (second != null) {
                second.close();
            } else {
                TestServer.deleteRecursively(data);
            }
        }
    }
}
