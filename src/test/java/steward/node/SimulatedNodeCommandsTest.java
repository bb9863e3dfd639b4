package steward.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static steward.node.NodeFixtures.TENANT;
import static steward.node.NodeFixtures.node;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import steward.storage.Database;

class SimulatedNodeCommandsTest {
    private static final NodeCommand COMMAND = new NodeCommand("c-1", "a-1", "AWS-RunShellScript",
            Map.of("commands", List.of("echo hi")));

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
        assertEquals(new CommandResult("Success", "Success"), run(new NodeBehavior("Success", 0)));
        assertEquals(new CommandResult("Failed", "Failed"), run(new NodeBehavior("Failed", 0)));
        assertEquals(new CommandResult("TimedOut", "ExecutionTimedOut"), run(new NodeBehavior("TimedOut", 0)));
    }

    @Test
    void theResultArrivesAfterTheDurationNotBefore() throws Exception {
        ManagedNode node = register(new NodeBehavior("Success", 300));
        long start = System.nanoTime();
        CompletableFuture<CommandResult> result = commands.send(node, COMMAND);
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
            results.add(commands.send(node, COMMAND));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3_000, "200 concurrent 200 ms runs took " + millis + " ms");
    }

    @Test
    void aSlowCallbackDoesNotHoldUpOtherCompletions() throws Exception {
        ManagedNode node = register(new NodeBehavior("Success", 0));
        CompletableFuture<Void> blocked = commands.send(node, COMMAND).thenAccept(r -> sleep(2_000));
        long start = System.nanoTime();
        commands.send(node, COMMAND).get(5, TimeUnit.SECONDS);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1_500, "the second run waited for the first's callback");
        blocked.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aChangedBehaviorAppliesToTheNextRunNotToRunsUnderWay() throws Exception {
        ManagedNode node = register(new NodeBehavior("Success", 300));
        CompletableFuture<CommandResult> underWay = commands.send(node, COMMAND);
        nodes.setBehavior(TENANT, node.instanceId(), new NodeBehavior("Failed", 0));
        // The caller's ManagedNode still says Success: the store is what counts.
        assertEquals("Failed", commands.send(node, COMMAND).get(5, TimeUnit.SECONDS).status());
        assertEquals("Success", underWay.get(5, TimeUnit.SECONDS).status());
    }

    @Test
    void realAgentsAndDeletedNodesAreUndeliverable() throws Exception {
        ManagedNode real = node(TENANT, "mi-0000000000000000a", null);
        new SqlNodeStore(database).insert(real, List.of());
        assertEquals(new CommandResult("Failed", "Undeliverable"), commands.send(real, COMMAND).get(5, TimeUnit.SECONDS));
        ManagedNode gone = register(new NodeBehavior("Success", 0));
        nodes.delete(TENANT, gone.instanceId());
        assertEquals(SimulatedNodeCommands.UNDELIVERABLE, commands.send(gone, COMMAND).get(5, TimeUnit.SECONDS));
    }

    @Test
    void closingCancelsRunsStillUnderWaySoNoCallerWaitsForever() {
        ManagedNode node = register(new NodeBehavior("Success", 60_000));
        CompletableFuture<CommandResult> result = commands.send(node, COMMAND);
        commands.close();
        assertTrue(result.isCancelled());
        assertTrue(commands.send(node, COMMAND).isCancelled(), "a closed instance accepts no new runs");
    }

    private CommandResult run(NodeBehavior behavior) throws Exception {
        return commands.send(register(behavior), COMMAND).get(5, TimeUnit.SECONDS);
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
