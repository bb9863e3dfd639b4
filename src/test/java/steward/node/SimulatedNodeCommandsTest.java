package steward.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static steward.node.NodeFixtures.TENANT;
import static steward.node.NodeFixtures.node;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import steward.storage.Database;

class SimulatedNodeCommandsTest {
    private static final NodeCommand COMMAND = new NodeCommand("c-1", "a-1", "AWS-RunShellScript",
            Map.of("commands", List.of("echo hi")), null, List.of("aws:runShellScript"), null, null);

    @TempDir
    Path dir;
    private Database database;
    private NodeService nodes;
    private SimulatedNodeCommands commands;

    @BeforeEach
    void open() {
        database = NodeFixtures.database(dir);
        nodes = new NodeService(new SqlNodeStore(database), InstantSource.system());
        commands = new SimulatedNodeCommands(nodes);
    }

    @AfterEach
    void close() {
        commands.close();
        database.close();
    }

    @Test
    void eachBehaviorEndsWithItsStatus() throws Exception {
        assertStatus("Success", "Success", run(new NodeBehavior("Success", 0)));
        assertStatus("Failed", "Failed", run(new NodeBehavior("Failed", 0)));
        assertStatus("TimedOut", "ExecutionTimedOut", run(new NodeBehavior("TimedOut", 0)));
    }

    @Test
    void theResultArrivesAfterTheDurationNotBefore() throws Exception {
        ManagedNode node = register(new NodeBehavior("Success", 300));
        long start = System.nanoTime();
        CompletableFuture<CommandResult> result = commands.send(node, COMMAND, NodeCommands.Progress.NONE);
        assertFalse(result.isDone(), "a 300 ms run is not over at once");
        result.get(5, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 290 && millis < 2_000, "took " + millis + " ms");
    }

    @Test
    void manyLongRunsWaitTogetherNotOneAfterAnother() throws Exception {
        ManagedNode node = register(new NodeBehavior("Success", 200));
        long start = System.nanoTime();
        List<CompletableFuture<CommandResult>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(commands.send(node, COMMAND, NodeCommands.Progress.NONE));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3_000, "200 concurrent 200 ms runs took " + millis + " ms");
    }

    @Test
    void aSlowCallbackDoesNotHoldUpOtherCompletions() throws Exception {
        ManagedNode node = register(new NodeBehavior("Success", 0));
        CompletableFuture<Void> blocked = commands.send(node, COMMAND, NodeCommands.Progress.NONE).thenAccept(r -> sleep(2_000));
        long start = System.nanoTime();
        commands.send(node, COMMAND, NodeCommands.Progress.NONE).get(5, TimeUnit.SECONDS);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1_500, "the second run waited for the first's callback");
        blocked.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aChangedBehaviorAppliesToTheNextRunNotToRunsUnderWay() throws Exception {
        ManagedNode node = register(new NodeBehavior("Success", 300));
        CompletableFuture<CommandResult> underWay = commands.send(node, COMMAND, NodeCommands.Progress.NONE);
        nodes.setBehavior(TENANT, node.instanceId(), new NodeBehavior("Failed", 0));
        // The caller's ManagedNode still says Success: the store is what counts.
        assertEquals("Failed", commands.send(node, COMMAND, NodeCommands.Progress.NONE).get(5, TimeUnit.SECONDS).status());
        assertEquals("Success", underWay.get(5, TimeUnit.SECONDS).status());
    }

    @Test
    void realAgentsAndDeletedNodesAreUndeliverable() throws Exception {
        ManagedNode real = node(TENANT, "mi-0000000000000000a", null);
        new SqlNodeStore(database).insert(real, List.of());
        assertStatus("Failed", "Undeliverable", commands.send(real, COMMAND, NodeCommands.Progress.NONE).get(5, TimeUnit.SECONDS));
        ManagedNode gone = register(new NodeBehavior("Success", 0));
        nodes.delete(TENANT, gone.instanceId());
        assertEquals(SimulatedNodeCommands.UNDELIVERABLE, commands.send(gone, COMMAND, NodeCommands.Progress.NONE).get(5, TimeUnit.SECONDS));
    }

    @Test
    void closingCancelsRunsStillUnderWaySoNoCallerWaitsForever() {
        ManagedNode node = register(new NodeBehavior("Success", 60_000));
        CompletableFuture<CommandResult> result = commands.send(node, COMMAND, NodeCommands.Progress.NONE);
        commands.close();
        assertTrue(result.isCancelled());
        assertTrue(commands.send(node, COMMAND, NodeCommands.Progress.NONE).isCancelled(), "a closed instance accepts no new runs");
    }

    @Test
    void aNodeReportsItsExitCodeOutputAndEachStep() throws Exception {
        ManagedNode node = register(new NodeBehavior("Failed", 0, 7, "out\n", "err\n", false));
        AtomicReference<Instant> started = new AtomicReference<>();
        CommandResult result = commands.send(node, COMMAND, started::set).get(5, TimeUnit.SECONDS);
        assertStatus("Failed", "Failed", result);
        assertEquals(7, result.responseCode());
        assertEquals("out\n", result.standardOutput());
        assertEquals("err\n", result.standardError());
        assertEquals(1, result.plugins().size());
        assertEquals("aws:runShellScript", result.plugins().get(0).name());
        assertEquals(7, result.plugins().get(0).responseCode());
        assertTrue(started.get() != null, "the node said it started");
        assertEquals(started.get(), result.startedAt());
    }

    @Test
    void aRunLongerThanTheExecutionTimeoutEndsExecutionTimedOutAtTheTimeout() throws Exception {
        ManagedNode node = register(new NodeBehavior("Success", 60_000));
        NodeCommand quick = new NodeCommand("c-2", null, "AWS-RunShellScript", Map.of(), null, List.of("aws:runShellScript"),
                Duration.ofMillis(200), null);
        assertStatus("TimedOut", "ExecutionTimedOut", commands.send(node, quick, NodeCommands.Progress.NONE)
                .get(5, TimeUnit.SECONDS));
    }

    @Test
    void anOfflineNodeNeverStartsAndCancelEndsTheWait() throws Exception {
        ManagedNode node = register(new NodeBehavior("Success", 0, null, null, null, true));
        AtomicReference<Instant> started = new AtomicReference<>();
        CompletableFuture<CommandResult> result = commands.send(node, COMMAND, started::set);
        assertFalse(result.isDone());
        commands.cancel(node, COMMAND.commandId());
        assertStatus("Cancelled", "Cancelled", result.get(5, TimeUnit.SECONDS));
        assertEquals(null, started.get(), "it never started");
    }

    @Test
    void cancelStopsARunningCommand() throws Exception {
        ManagedNode node = register(new NodeBehavior("Success", 60_000));
        CompletableFuture<CommandResult> result = commands.send(node, COMMAND, NodeCommands.Progress.NONE);
        commands.cancel(node, COMMAND.commandId());
        assertStatus("Cancelled", "Cancelled", result.get(5, TimeUnit.SECONDS));
        commands.cancel(node, "never-sent");
    }

    private static void assertStatus(String status, String details, CommandResult result) {
        assertEquals(status + "/" + details, result.status() + "/" + result.statusDetails());
    }

    private CommandResult run(NodeBehavior behavior) throws Exception {
        return commands.send(register(behavior), COMMAND, NodeCommands.Progress.NONE).get(5, TimeUnit.SECONDS);
    }

    private ManagedNode register(NodeBehavior behavior) {
        return nodes.register(TENANT, NodeRegistration.DEFAULTS.withBehavior(behavior));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
