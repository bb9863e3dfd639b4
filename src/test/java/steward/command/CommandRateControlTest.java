package steward.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.alarm.SqlAlarmStates;
import steward.association.Target;
import steward.document.DocumentCatalogue;
import steward.node.CommandResult;
import steward.node.ManagedNode;
import steward.node.NodeBehavior;
import steward.node.NodeCommand;
import steward.node.NodeCommands;
import steward.node.NodeRegistration;
import steward.node.NodeService;
import steward.node.SimulatedNodeCommands;
import steward.node.SqlNodeStore;
import steward.storage.sql.SqlCommandStore;
import steward.storage.sqlite.SqliteDatabase;
import steward.tagging.Tag;
import steward.tenant.Tenant;
import steward.testing.TestServer;

/**
 * MaxConcurrency and MaxErrors of SendCommand measured where it matters, at the nodes: every
 * command passes through a meter that counts how many are running at once.
 */
class CommandRateControlTest {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");

    static final class Meter implements NodeCommands {
        private final NodeCommands nodes;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        /** Every send fails on the store's write, as a write that lost every race on PostgreSQL. */
        volatile boolean storeFails;

        Meter(NodeCommands nodes) {
            this.nodes = nodes;
        }

        @Override
        public CompletableFuture<CommandResult> send(ManagedNode node, NodeCommand command, Progress progress) {
            sent.incrementAndGet();
            if (storeFails) {
                return CompletableFuture.failedFuture(new steward.storage.StorageException("write failed", null));
            }
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return nodes.send(node, command, progress).whenComplete((r, e) -> inFlight.decrementAndGet());
        }

        @Override
        public void cancel(ManagedNode node, String commandId) {
            nodes.cancel(node, commandId);
        }
    }

    private Path dir;
    private SqliteDatabase database;
    private NodeService nodes;
    private SimulatedNodeCommands simulated;
    private Meter meter;
    private SqlCommandStore store;
    private CommandRunner runner;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("steward-commands");
        database = new SqliteDatabase(dir);
        nodes = new NodeService(new SqlNodeStore(database), InstantSource.system());
        simulated = new SimulatedNodeCommands(nodes);
        meter = new Meter(simulated);
        store = new SqlCommandStore(database);
        runner = new CommandRunner(store, nodes, meter, new SqlAlarmStates(database),
                new CommandDocuments(new steward.document.DocumentService(new steward.storage.sql.SqlDocumentStore(database), new steward.storage.sql.SqlTagStore(database), DocumentCatalogue.builtIn())), InstantSource.system());
    }

    @AfterEach
    void close() {
        runner.close();
        simulated.close();
        database.close();
        TestServer.deleteRecursively(dir);
    }

    private String fleet(int count, String status, long millis) {
        String group = UUID.randomUUID().toString();
        for (int i = 0; i < count; i++) {
            nodes.register(TENANT, NodeRegistration.DEFAULTS.withTags(List.of(new Tag("group", group)))
                    .withBehavior(new NodeBehavior(status, millis)));
        }
        return group;
    }

    private Command run(String group, String maxConcurrency, String maxErrors) {
        Command sent = runner.send(TENANT, new CommandRequest(null, List.of(new Target("tag:group", List.of(group))),
                "AWS-RunShellScript", null, null, null, null, null, Map.of("commands", List.of("echo")), null, null,
                null, maxConcurrency, maxErrors, null, null, null, null));
        runner.awaitIdle(Duration.ofSeconds(60));
        return store.find(TENANT, sent.commandId()).orElseThrow();
    }

    @Test
    void maxConcurrencyIsNeverExceededAtTheNodes() {
        Command done = run(fleet(12, "Success", 150), "3", null);
        assertEquals("Success", done.state().status());
        assertEquals(12, meter.sent.get());
        assertEquals(3, meter.peak.get(), "at most and at least 3 at once");
    }

    @Test
    void aPercentageIsOfTheTargets() {
        run(fleet(10, "Success", 150), "20%", null);
        assertEquals(2, meter.peak.get());
    }

    @Test
    void maxErrorsStopsSendingOnceExceeded() {
        Command done = run(fleet(10, "Failed", 20), "1", "2");
        assertEquals("Failed", done.state().status());
        assertEquals(3, meter.sent.get(), "the third error stops the command");
        assertEquals(3, done.state().errorCount());
        assertEquals(10, done.state().completedCount());
        long terminated = store.invocationsOf(TENANT, done.commandId()).stream()
                .filter(i -> i.statusDetails().equals(CommandStatus.TERMINATED)).count();
        assertEquals(7, terminated);
        assertTrue(store.invocationsOf(TENANT, done.commandId()).stream()
                .allMatch(i -> CommandStatus.isFinal(i.status())));
    }

    /** A CancelCommand while a failed hand-over waits to be tried again: it is never sent, and ends Cancelled. */
    @Test
    void aCancelWhileAHandOverWaitsToBeTriedAgainStopsIt() throws Exception {
        meter.storeFails = true;
        String group = fleet(1, "Success", 20);
        Command sent = runner.send(TENANT, new CommandRequest(null, List.of(new Target("tag:group", List.of(group))),
                "AWS-RunShellScript", null, null, null, null, null, Map.of("commands", List.of("echo")), null, null,
                null, null, null, null, null, null, null));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (meter.sent.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        runner.cancel(TENANT, sent.commandId(), null);
        runner.awaitIdle(Duration.ofSeconds(30));
        Command done = store.find(TENANT, sent.commandId()).orElseThrow();
        assertEquals("Cancelled", done.state().status());
        assertEquals(List.of("Cancelled"), store.invocationsOf(TENANT, done.commandId()).stream().map(Invocation::status).toList());
        assertTrue(meter.sent.get() <= 2, "tried again after the cancel: " + meter.sent.get() + " sends");
    }
}
