package steward.execution.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.association.AssociationOverview;
import steward.association.Target;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionStatus;
import steward.execution.ExecutionTarget;
import steward.node.CommandResult;
import steward.node.ManagedNode;
import steward.node.NodeBehavior;
import steward.node.NodeCommand;
import steward.node.NodeCommands;
import steward.node.NodeRegistration;
import steward.node.NodeService;
import steward.node.SimulatedNodeCommands;
import steward.node.SqlNodeStore;
import steward.storage.AssociationStore;
import steward.storage.ExecutionStore;
import steward.storage.sql.SqlAssociationStore;
import steward.storage.sql.SqlExecutionStore;
import steward.storage.sqlite.SqliteDatabase;
import steward.tagging.Tag;
import steward.tenant.Tenant;
import steward.testing.TestServer;

/**
 * MaxConcurrency and MaxErrors measured on the node side: the commands pass through a meter
 * that counts how many are in flight at once, around the real simulated nodes and store.
 */
class RunnerRateControlTest {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");

    /** Counts commands in flight at the nodes and remembers the most there ever were. */
    static final class ConcurrencyMeter implements NodeCommands {
        private final NodeCommands nodes;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        /** Sends that fail on the store's write before any reaches its node: per node, the first this many. */
        volatile int storeFailures;
        private final Map<String, AtomicInteger> failed = new java.util.concurrent.ConcurrentHashMap<>();

        ConcurrencyMeter(NodeCommands nodes) {
            this.nodes = nodes;
        }

        @Override
        public CompletableFuture<CommandResult> send(ManagedNode node, NodeCommand command, Progress progress) {
            sent.incrementAndGet();
            if (failed.computeIfAbsent(node.instanceId(), id -> new AtomicInteger()).incrementAndGet() <= storeFailures) {
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

    private Path dataDir;
    private SqliteDatabase database;
    private NodeService nodes;
    private SimulatedNodeCommands simulated;
    private ConcurrencyMeter meter;
    private AssociationStore associations;
    private ExecutionStore executions;
    private AssociationRunner runner;

    @BeforeEach
    void open() throws Exception {
        dataDir = Files.createTempDirectory("steward-runner");
        database = new SqliteDatabase(dataDir);
        nodes = new NodeService(new SqlNodeStore(database), InstantSource.system());
        simulated = new SimulatedNodeCommands(nodes);
        meter = new ConcurrencyMeter(simulated);
        associations = new SqlAssociationStore(database);
        executions = new SqlExecutionStore(database);
        runner = new AssociationRunner(executions, associations, nodes, meter, new SqlAlarmStates(database),
                new steward.command.AssociationCommandLog(new steward.storage.sql.SqlCommandStore(database)),
                InstantSource.system());
    }

    @AfterEach
    void close() {
        runner.close();
        simulated.close();
        database.close();
        TestServer.deleteRecursively(dataDir);
    }

    private String fleet(int count, String status, long durationMillis) {
        String group = UUID.randomUUID().toString();
        for (int i = 0; i < count; i++) {
            nodes.register(TENANT, NodeRegistration.DEFAULTS.withTags(List.of(new Tag("group", group)))
                    .withBehavior(new NodeBehavior(status, durationMillis)));
        }
        return group;
    }

    private AssociationExecution run(String group, String maxConcurrency, String maxErrors) {
        Instant now = Instant.now();
        AssociationDefinition d = new AssociationDefinition("AWS-RunShellScript", "$DEFAULT", null,
                Map.of("commands", List.of("echo")), List.of(new Target("tag:group", List.of(group))), null, null, null,
                null, maxErrors, maxConcurrency, null, null, false, null, null, null, null, null, null, null);
        Association a = new Association(TENANT, 0, UUID.randomUUID().toString(), 1, now, now,
                AssociationOverview.creating(), null, null, null, d, null);
        associations.create(a, List.of(), 1000);
        String executionId = runner.startFullRun(associations.find(TENANT, a.associationId()).orElseThrow())
                .orElseThrow().executionId();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            AssociationExecution e = executions.find(TENANT, a.associationId(), executionId).orElseThrow();
            if (ExecutionStatus.isFinal(e.status())) {
                return e;
            }
            sleep(20);
        }
        throw new AssertionError("run did not finish");
    }

    private List<ExecutionTarget> targets(AssociationExecution e) {
        return executions.targets(e.executionId(), new ExecutionStore.TargetQuery(null, null, null), null, 1000);
    }

    private long count(AssociationExecution e, String status) {
        return targets(e).stream().filter(t -> t.status().equals(status)).count();
    }

    @Test
    void maxConcurrencyCountIsNeverExceeded() {
        AssociationExecution e = run(fleet(12, "Success", 150), "3", null);
        assertEquals("Success", e.status());
        assertEquals(12, meter.sent.get());
        assertEquals(3, meter.peak.get(), "three at a time, and the limit was reached");
    }

    @Test
    void maxConcurrencyPercentageIsOfTheTargetCount() {
        AssociationExecution e = run(fleet(10, "Success", 150), "20%", null);
        assertEquals("{Success=10}", e.resourceCountByStatus());
        assertEquals(2, meter.peak.get());
    }

    @Test
    void withoutMaxConcurrencyEveryTargetRunsAtOnce() {
        run(fleet(8, "Success", 300), null, null);
        assertEquals(8, meter.peak.get());
    }

    @Test
    void maxErrorsCountStopsNewTargetsAfterTheBudgetIsExceeded() {
        AssociationExecution e = run(fleet(10, "Failed", 20), "1", "3");
        assertEquals("Failed", e.status());
        assertEquals(4, count(e, ExecutionStatus.FAILED), "the 4th error stops the run");
        assertEquals(6, count(e, ExecutionStatus.SKIPPED), "targets never started are listed as Skipped");
        assertEquals("{Failed=4, Skipped=6}", e.resourceCountByStatus());
        assertEquals(4, meter.sent.get(), "no command reached a skipped node");
        assertTrue(e.detailedStatus().contains("MaxErrors"), e.detailedStatus());
    }

    @Test
    void maxErrorsPercentageAndZero() {
        AssociationExecution quarter = run(fleet(8, "Failed", 20), "1", "25%");
        assertEquals(3, count(quarter, ExecutionStatus.FAILED), "25% of 8 is 2 errors allowed; the 3rd stops");
        AssociationExecution zero = run(fleet(5, "Failed", 20), "1", "0");
        assertEquals(1, count(zero, ExecutionStatus.FAILED));
        assertEquals(4, count(zero, ExecutionStatus.SKIPPED));
    }

    @Test
    void targetsAlreadyRunningFinishWhenTheBudgetRunsOut() {
        AssociationExecution e = run(fleet(6, "Failed", 200), "3", "0");
        assertEquals(3, count(e, ExecutionStatus.FAILED), "the three started together all finish and report");
        assertEquals(3, count(e, ExecutionStatus.SKIPPED));
    }

    @Test
    void aHandOverWhoseStoreWriteFailedIsTriedAgain() {
        meter.storeFailures = 2;
        AssociationExecution e = run(fleet(4, "Success", 20), "2", "0");
        assertEquals("{Success=4}", e.resourceCountByStatus());
        assertEquals(12, meter.sent.get(), "each node's hand-over was tried three times");
    }

    @Test
    void aHandOverThatKeepsFailingOnTheStoreEndsFailedNamingTheCause() {
        meter.storeFailures = Dispatch.HAND_OVER_ATTEMPTS;
        AssociationExecution e = run(fleet(2, "Success", 20), "2", "100%");
        assertEquals("{Failed=2}", e.resourceCountByStatus());
        assertEquals(2 * Dispatch.HAND_OVER_ATTEMPTS, meter.sent.get());
        targets(e).forEach(t -> assertEquals("Failed: StorageException", t.detailedStatus()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
