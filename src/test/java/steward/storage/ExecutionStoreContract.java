package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.association.AssociationOverview;
import steward.association.Target;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionQuery;
import steward.execution.ExecutionStatus;
import steward.execution.ExecutionTarget;
import steward.storage.ExecutionStore.Position;
import steward.storage.ExecutionStore.TargetQuery;
import steward.storage.sql.SqlAssociationStore;
import steward.storage.sql.SqlExecutionStore;
import steward.tenant.Tenant;

/**
 * What every ExecutionStore must do, whatever database is under it. Each implementation's
 * test extends this and says how to open a fresh database.
 */
public abstract class ExecutionStoreContract {
    protected static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private Database database;
    private AssociationStore associations;
    private ExecutionStore executions;

    protected abstract Database openDatabase();

    @BeforeEach
    void open() {
        database = openDatabase();
        associations = new SqlAssociationStore(database);
        executions = new SqlExecutionStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private String association() {
        String id = UUID.randomUUID().toString();
        AssociationDefinition d = new AssociationDefinition("AWS-RunShellScript", "$DEFAULT", null,
                Map.of("commands", List.of("echo")), List.of(new Target("InstanceIds", List.of("*"))), null, null,
                null, null, null, null, null, null, false, null, null, null, null, null, null, null);
        associations.create(new Association(TENANT, 0, id, 1, T0, T0, AssociationOverview.creating(), null, null, null, d, null),
                List.of(), 1000);
        return id;
    }

    private AssociationExecution run(String associationId, Instant created, String status, String... nodes) {
        String executionId = UUID.randomUUID().toString();
        List<ExecutionTarget> targets = new ArrayList<>();
        for (String node : nodes) {
            targets.add(new ExecutionTarget(executionId, node, ExecutionTarget.MANAGED_INSTANCE, status, status,
                    ExecutionStatus.isFinal(status) ? created : null, UUID.randomUUID().toString()));
        }
        return executions.start(new AssociationExecution(TENANT, 0, associationId, 1, executionId, status, status, created,
                null, "{" + status + "=" + nodes.length + "}", null, null, null), targets).orElseThrow();
    }

    @Test
    void pagesNewestFirstAndBreaksTiesWithoutSkippingOrRepeating() {
        String id = association();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add(0, run(id, T0.plusSeconds(i / 3), ExecutionStatus.SUCCESS).executionId());
        }
        List<String> seen = new ArrayList<>();
        Position after = null;
        List<AssociationExecution> page;
        do {
            page = executions.page(TENANT, id, ExecutionQuery.ALL, after, 4);
            for (AssociationExecution e : page) {
                seen.add(e.executionId());
                after = new Position(e.createdTime().toEpochMilli(), e.seq());
            }
        } while (page.size() == 4);
        assertEquals(expected, seen);
    }

    @Test
    void filtersOnStatusExecutionIdAndTimeRange() {
        String id = association();
        AssociationExecution failed = run(id, T0, ExecutionStatus.FAILED);
        AssociationExecution ok = run(id, T0.plusSeconds(60), ExecutionStatus.SUCCESS);
        assertEquals(List.of(failed.executionId()), ids(id, new ExecutionQuery(null, ExecutionStatus.FAILED, null, null)));
        assertEquals(List.of(ok.executionId()), ids(id, new ExecutionQuery(ok.executionId(), null, null, null)));
        assertEquals(List.of(ok.executionId()), ids(id, new ExecutionQuery(null, null, T0.plusMillis(1), null)));
        assertEquals(List.of(failed.executionId()), ids(id, new ExecutionQuery(null, null, null, T0.plusSeconds(60))));
        assertEquals(List.of(), ids(id, new ExecutionQuery(ok.executionId(), ExecutionStatus.FAILED, null, null)));
    }

    @Test
    void otherTenantsAndAssociationsSeeNothing() {
        String id = association();
        AssociationExecution e = run(id, T0, ExecutionStatus.SUCCESS, "mi-00000000000000001");
        Tenant other = new Tenant("111122223333", "us-east-1");
        assertEquals(List.of(), executions.page(other, id, ExecutionQuery.ALL, null, 10));
        assertEquals(Optional.empty(), executions.find(other, id, e.executionId()));
        assertEquals(Optional.empty(), executions.find(TENANT, association(), e.executionId()));
        assertTrue(executions.find(TENANT, id, e.executionId()).isPresent());
    }

    @Test
    void targetsPageByResourceIdAndFilter() {
        String id = association();
        AssociationExecution e = run(id, T0, ExecutionStatus.PENDING, "mi-00000000000000003", "mi-00000000000000001",
                "mi-00000000000000002");
        ExecutionTarget first = executions.targets(e.executionId(), new TargetQuery(null, null, null), null, 1).get(0);
        assertEquals("mi-00000000000000001", first.resourceId());
        executions.updateTarget(e, first.finish(ExecutionStatus.FAILED, "Failed", T0.plusSeconds(1)), "{Failed=1, Pending=2}");
        assertEquals(List.of("mi-00000000000000002", "mi-00000000000000003"), executions.targets(e.executionId(),
                new TargetQuery(null, null, null), "mi-00000000000000001", 10).stream().map(ExecutionTarget::resourceId).toList());
        assertEquals(List.of("mi-00000000000000001"), executions.targets(e.executionId(),
                new TargetQuery(ExecutionStatus.FAILED, null, ExecutionTarget.MANAGED_INSTANCE), null, 10).stream()
                .map(ExecutionTarget::resourceId).toList());
        assertEquals("{Failed=1, Pending=2}", executions.find(TENANT, id, e.executionId()).orElseThrow().resourceCountByStatus());
        assertEquals(1, executions.instanceStatuses(TENANT, "mi-00000000000000001", null, 10).size());
        assertEquals(0, executions.instanceStatuses(TENANT, "mi-00000000000000002", null, 10).size());
    }

    @Test
    void inFlightListsOnlyUnfinishedRuns() {
        String id = association();
        AssociationExecution pending = run(id, T0, ExecutionStatus.PENDING);
        AssociationExecution done = run(id, T0, ExecutionStatus.SUCCESS);
        List<String> inFlight = executions.inFlight().stream().map(AssociationExecution::executionId).toList();
        assertTrue(inFlight.contains(pending.executionId()));
        assertTrue(!inFlight.contains(done.executionId()));
        executions.updateRun(pending.executionId(), ExecutionStatus.SUCCESS, "Success", T0, "{}", null);
        assertTrue(executions.inFlight().stream().noneMatch(x -> x.executionId().equals(pending.executionId())));
    }

    @Test
    void historyGoesWithItsAssociation() {
        String id = association();
        AssociationExecution e = run(id, T0, ExecutionStatus.SUCCESS, "mi-00000000000000001");
        associations.delete(TENANT, id);
        assertEquals(Optional.empty(), executions.find(TENANT, id, e.executionId()));
        assertEquals(List.of(), executions.targets(e.executionId(), new TargetQuery(null, null, null), null, 10));
        assertEquals(Optional.empty(), executions.start(new AssociationExecution(TENANT, 0, id, 1,
                UUID.randomUUID().toString(), "Pending", "Pending", T0, null, "{}", null, null, null), List.of()));
    }

    @Test
    void aDueTimeCanStartOnlyOneRun() {
        String id = association();
        Instant due = T0.plusSeconds(1800);
        AssociationExecution first = new AssociationExecution(TENANT, 0, id, 1, UUID.randomUUID().toString(), "Pending",
                "Pending", due, null, "{}", null, null, due);
        AssociationExecution second = new AssociationExecution(TENANT, 0, id, 1, UUID.randomUUID().toString(), "Pending",
                "Pending", due, null, "{}", null, null, due);
        assertTrue(executions.start(first, List.of()).isPresent());
        assertEquals(Optional.empty(), executions.start(second, List.of()), "the same due time fires once");
        assertEquals(1, executions.page(TENANT, id, ExecutionQuery.ALL, null, 10).size());
        AssociationExecution other = new AssociationExecution(TENANT, 0, id, 1, UUID.randomUUID().toString(), "Pending",
                "Pending", due, null, "{}", null, null, due.plusSeconds(1800));
        assertTrue(executions.start(other, List.of()).isPresent());
    }

    @Test
    void targetsCanBeAddedAfterTheRunIsCreated() {
        String id = association();
        AssociationExecution e = run(id, T0, ExecutionStatus.PENDING);
        executions.addTargets(e, List.of(new ExecutionTarget(e.executionId(), "mi-00000000000000009",
                ExecutionTarget.MANAGED_INSTANCE, "Pending", "Pending", null, UUID.randomUUID().toString())), "{Pending=1}");
        assertEquals(1, executions.targets(e.executionId(), new TargetQuery(null, null, null), null, 10).size());
        assertEquals("{Pending=1}", executions.find(TENANT, id, e.executionId()).orElseThrow().resourceCountByStatus());
    }

    private List<String> ids(String associationId, ExecutionQuery query) {
        return executions.page(TENANT, associationId, query, null, 50).stream().map(AssociationExecution::executionId).toList();
    }

    /** A store as one server sees it: the runs it starts are under its lease. */
    private ExecutionStore server(String owner) {
        return new SqlExecutionStore(database, steward.storage.sql.TargetResultHook.NONE,
                new Lease(owner, java.time.Duration.ofSeconds(8), java.time.InstantSource.system()));
    }

    private AssociationExecution inFlight(ExecutionStore store, String associationId) {
        return store.start(new AssociationExecution(TENANT, 0, associationId, 1, UUID.randomUUID().toString(),
                ExecutionStatus.IN_PROGRESS, ExecutionStatus.IN_PROGRESS, T0, null, "{}", null, null, null), List.of())
                .orElseThrow();
    }

    @Test
    void aRunStartsUnderItsServersLeaseWhichOnlyRunningOutMakesAvailable() {
        ExecutionStore a = server("server-a");
        AssociationExecution run = inFlight(a, association());
        assertEquals(Map.of(run.executionId(), "server-a"), executions.leaseOwners(List.of(run.executionId())));
        Instant now = Instant.now();
        assertEquals(List.of(), executions.expiredLeases(now, 10), "a fresh lease is not expired");
        assertTrue(!server("server-b").takeOver(run.executionId(), "server-b", now, now.plusSeconds(8)));
        assertEquals(1, a.renewLeases("server-a", now.plusSeconds(60)));
        assertEquals(List.of(), executions.expiredLeases(now.plusSeconds(30), 10), "renewed past then");
        List<AssociationExecution> expired = executions.expiredLeases(now.plusSeconds(61), 10);
        assertEquals(List.of(run.executionId()), expired.stream().map(AssociationExecution::executionId).toList());
    }

    @Test
    void ofTwoServersRacingForOneExpiredLeaseExactlyOneWins() throws Exception {
        Instant now = Instant.now();
        for (int round = 0; round < 20; round++) {
            AssociationExecution run = inFlight(server("dead"), association());
            executions.releaseLeases("dead");
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.CompletableFuture<Boolean>> racers = new ArrayList<>();
            for (String owner : List.of("server-b", "server-c")) {
                ExecutionStore store = server(owner);
                racers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return store.takeOver(run.executionId(), owner, now, now.plusSeconds(8));
                }));
            }
            go.countDown();
            boolean b = racers.get(0).get();
            boolean c = racers.get(1).get();
            assertTrue(b ^ c, "exactly one takes the run over: b " + b + ", c " + c);
            assertEquals(Map.of(run.executionId(), b ? "server-b" : "server-c"),
                    executions.leaseOwners(List.of(run.executionId())));
        }
    }

    @Test
    void aFinishedRunIsNeverTakenOverAndAnUnleasedOneIsAvailable() {
        String id = association();
        AssociationExecution finished = run(id, T0, ExecutionStatus.SUCCESS);
        AssociationExecution unleased = inFlight(executions, id);
        Instant now = Instant.now();
        assertEquals(List.of(unleased.executionId()), executions.expiredLeases(now, 10).stream()
                .map(AssociationExecution::executionId).toList());
        assertTrue(!executions.takeOver(finished.executionId(), "server-b", now, now.plusSeconds(8)));
        assertTrue(executions.takeOver(unleased.executionId(), "server-b", now, now.plusSeconds(8)));
        assertEquals(List.of(), executions.expiredLeases(now, 10));
        assertEquals(Map.of(finished.executionId(), "", unleased.executionId(), "server-b"), executions.leaseOwners(
                List.of(finished.executionId(), unleased.executionId(), "no-such-run")), "ended: empty; gone: absent");
    }

    @Test
    void theNewestFullRunOfEachAssociationIsKnownAndRunsForOneNodeDoNotCount() {
        String id = association();
        AssociationExecution full = inFlight(executions, id);
        AssociationExecution forOneNode = executions.start(new AssociationExecution(TENANT, 0, id, 1,
                UUID.randomUUID().toString(), ExecutionStatus.PENDING, ExecutionStatus.PENDING, T0, null, "{}", null, null,
                null), List.of(), false).orElseThrow();
        assertTrue(forOneNode.seq() > full.seq());
        assertEquals(Map.of(id, full.seq()), executions.newestFullRuns(List.of(id, association())));
    }
}
