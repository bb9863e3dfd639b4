package steward.execution.runner;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.alarm.AlarmStates;
import steward.association.Association;
import steward.association.AssociationListener;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionStatus;
import steward.execution.ExecutionTarget;
import steward.node.ManagedNode;
import steward.node.NodeCommands;
import steward.node.NodeDirectory;
import steward.node.NodeListener;
import steward.storage.AssociationQuery;
import steward.storage.AssociationStore;
import steward.storage.ExecutionStore;
import steward.storage.Lease;
import steward.tenant.Tenant;

/**
 * Starts runs: when an association is created or updated (unless ApplyOnlyAtCronInterval),
 * when asked (StartAssociationsOnce, schedules), and when a node the targets select appears.
 * The run's record is written before the call that caused it returns; the dispatch itself
 * goes on on a virtual thread. A new full run of an association times out the one in flight.
 *
 * <p>Several servers may share the store. A run belongs to the server that started it through a
 * lease in the store ({@link steward.storage.Lease}, renewed by {@link LeaseKeeper}); a run whose
 * lease ran out (its server died) is taken over by whichever server's conditional update lands
 * first, and finished there ({@link Run#resumed}). What another server does to an association
 * (deletes it, starts a newer full run) reaches a run here at the next renewal.
 */
public final class AssociationRunner implements AssociationListener, NodeListener, LeaseKeeper.Holder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AssociationRunner.class);
    private static final int LIST_PAGE = 500;
    private static final int TAKEOVER_BATCH = 100;

    private final ExecutionStore executions;
    private final AssociationStore associations;
    private final NodeDirectory nodes;
    private final InstantSource clock;
    private final Run.Services services;
    private final Map<String, Run> fullRuns = new ConcurrentHashMap<>();
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Lease lease = Lease.NONE;
    private volatile java.util.function.BooleanSupplier leaseHeld = () -> true;

    public AssociationRunner(ExecutionStore executions, AssociationStore associations, NodeDirectory nodes,
                             NodeCommands commands, AlarmStates alarms, AssociationInvocations invocations,
                             InstantSource clock) {
        this(executions, associations, nodes, commands, alarms, invocations, clock, RunDocuments.NONE);
    }

    /** {@code documents} resolves the version each run uses, once, as the run starts. */
    public AssociationRunner(ExecutionStore executions, AssociationStore associations, NodeDirectory nodes,
                             NodeCommands commands, AlarmStates alarms, AssociationInvocations invocations,
                             InstantSource clock, RunDocuments documents) {
        this.executions = executions;
        this.associations = associations;
        this.nodes = nodes;
        this.clock = clock;
        this.services = new Run.Services(executions, associations, commands, new AlarmGate(alarms), invocations, clock,
                () -> { },
                threads::isShutdown, documents, () -> leaseHeld.getAsBoolean());
    }

    @Override
    public void created(Association association) {
        if (!association.definition().appliesOnlyAtCronInterval()) {
            startFullRun(association);
        }
    }

    @Override
    public void updated(Association association) {
        created(association);
    }

    @Override
    public void deleted(Association association) {
        Run run = fullRuns.remove(association.associationId());
        if (run != null) {
            run.stop(deletedStop());
        }
    }

    private static Run.Stop deletedStop() {
        return new Run.Stop(ExecutionStatus.CANCELLED, "Cancelled: the association was deleted",
                ExecutionStatus.SKIPPED, ExecutionStatus.CANCELLED, null);
    }

    @Override
    public void registered(ManagedNode node) {
        long after = 0;
        List<Association> page;
        do {
            page = associations.list(node.tenant(), AssociationQuery.ALL, after, LIST_PAGE);
            for (Association association : page) {
                var d = association.definition();
                if (!d.appliesOnlyAtCronInterval() && nodes.selects(node, d.targets(), d.instanceId())) {
                    start(association, List.of(node));
                }
                after = association.seq();
            }
        } while (page.size() == LIST_PAGE);
    }

    /** The lease under which the store records this server's runs: this runner renews it and takes over expired ones. */
    public AssociationRunner withLease(Lease lease, java.util.function.BooleanSupplier held) {
        this.lease = lease;
        this.leaseHeld = held;
        return this;
    }

    /** Runs the association on every node its targets select now, timing out its run in flight. */
    public Optional<AssociationExecution> startFullRun(Association association) {
        return executions.start(pending(association, clock.instant(), null), List.of())
                .map(execution -> launchFullRun(association, execution));
    }

    /**
     * Stores the runs for these due times in one transaction (a due time another process fired
     * first is skipped) and returns them, not yet dispatched: a caller firing a burst stores
     * every batch before any run's own writes compete with the next batch for the store.
     */
    public ScheduledBatch recordScheduled(List<ScheduledRun> due) {
        List<ExecutionStore.ScheduledStart> starts = new ArrayList<>();
        Map<String, ScheduledRun> byExecution = new java.util.HashMap<>();
        Instant now = clock.instant();
        for (ScheduledRun run : due) {
            AssociationExecution execution = pending(run.association(), now, run.due());
            starts.add(new ExecutionStore.ScheduledStart(execution, run.association().nextDueDate(), run.nextDue()));
            byExecution.put(execution.executionId(), run);
        }
        List<AssociationExecution> created = executions.startScheduled(starts);
        return new ScheduledBatch(created, () -> created.forEach(execution ->
                launchFullRun(byExecution.get(execution.executionId()).association(), execution)));
    }

    /** Runs stored for their due times, and how to dispatch them. */
    public record ScheduledBatch(List<AssociationExecution> created, Runnable dispatch) {
    }

    /** One due time of one association, and the due time after it. */
    public record ScheduledRun(Association association, Instant due, Instant nextDue) {
    }

    private AssociationExecution launchFullRun(Association association, AssociationExecution execution) {
        Run previous = fullRuns.get(association.associationId());
        if (previous != null) {
            previous.stop(supersededStop());
        }
        var d = association.definition();
        Run run = launch(association, execution, () -> nodes.select(association.tenant(), d.targets(), d.instanceId()));
        fullRuns.put(association.associationId(), run);
        return execution;
    }

    private Optional<Run> start(Association association, List<ManagedNode> selected) {
        return executions.start(pending(association, clock.instant(), null), List.of(), false)
                .map(execution -> launch(association, execution, () -> selected));
    }

    private Run launch(Association association, AssociationExecution execution,
                       java.util.function.Supplier<List<ManagedNode>> selection) {
        Run run = new Run(execution, association, selection, withCleanup(execution.executionId(), association));
        running.put(execution.executionId(), run);
        threads.execute(run::run);
        return run;
    }

    private static AssociationExecution pending(Association association, Instant now, Instant scheduledFor) {
        return new AssociationExecution(association.tenant(), 0, association.associationId(),
                association.latestVersion(), UUID.randomUUID().toString(), ExecutionStatus.PENDING,
                ExecutionStatus.PENDING, now, null, "{}", association.definition().alarmConfiguration(), null,
                scheduledFor);
    }

    private Run.Services withCleanup(String executionId, Association association) {
        return new Run.Services(services.executions(), services.associations(), services.commands(), services.alarms(),
                services.invocations(), services.clock(), () -> {
                    Run done = running.remove(executionId);
                    if (done != null) {
                        fullRuns.remove(association.associationId(), done);
                    }
                }, services.shuttingDown(), services.documents(), services.leaseHeld());
    }

    @Override
    public void renew() {
        if (lease.owner() == null) {
            return;
        }
        executions.renewLeases(lease.owner(), lease.now().plus(lease.term()));
        if (running.isEmpty()) {
            return;
        }
        supersedeElsewhere();
        // A run here that another server took over (this one stalled past its lease) is given up; one
        // whose association another server deleted stops, as a deletion through this server stops it.
        List<String> ids = List.copyOf(running.keySet());
        Map<String, String> owners = executions.leaseOwners(ids);
        for (String executionId : ids) {
            Run run = running.get(executionId);
            String owner = owners.get(executionId);
            if (run == null) {
                continue;
            }
            if (owner == null) {
                run.stop(deletedStop());
            } else if (!owner.isEmpty() && !lease.owner().equals(owner)) {
                run.relinquish();
            }
        }
    }

    /**
     * A newer full run of an association, started by another server, times out the full run in
     * flight here, as one started by this server does at once.
     */
    private void supersedeElsewhere() {
        Map<String, Run> full = Map.copyOf(fullRuns);
        if (full.isEmpty()) {
            return;
        }
        Map<String, Long> newest = executions.newestFullRuns(full.keySet());
        full.forEach((associationId, run) -> {
            Long seq = newest.get(associationId);
            if (seq != null && seq > run.execution().seq() && fullRuns.remove(associationId, run)) {
                run.stop(supersededStop());
            }
        });
    }

    private static Run.Stop supersededStop() {
        return new Run.Stop(ExecutionStatus.TIMED_OUT, "TimedOut: a newer run of the association started",
                ExecutionStatus.SKIPPED, ExecutionStatus.TIMED_OUT, null);
    }

    @Override
    public void release() {
        if (lease.owner() != null) {
            executions.releaseLeases(lease.owner());
        }
    }

    @Override
    public int takeOverExpired() {
        return takeOver(false);
    }

    /**
     * Takes over every run in flight, leased or not: only when no other server can be using the
     * store (a single server restarting on its own SQLite file), so its previous runs go on at once.
     */
    public int takeOverAll() {
        return takeOver(true);
    }

    /**
     * Takes over runs whose server stopped renewing their lease, and finishes them here: targets
     * never sent are sent, targets sent are adopted (an agent's reply completes them whenever it
     * comes) and never sent again, and every target ends in the history.
     */
    private int takeOver(boolean all) {
        if (lease.owner() == null || threads.isShutdown()) {
            return 0;
        }
        int taken = 0;
        List<AssociationExecution> expired;
        do {
            java.time.Instant now = all ? java.time.Instant.ofEpochMilli(Long.MAX_VALUE) : lease.now();
            expired = executions.expiredLeases(now, TAKEOVER_BATCH);
            int before = taken;
            for (AssociationExecution execution : expired) {
                if (running.containsKey(execution.executionId())) {
                    continue; // Ours, and the renewal is late: keep running it.
                }
                if (executions.takeOver(execution.executionId(), lease.owner(), now, lease.now().plus(lease.term()))) {
                    resume(execution);
                    taken++;
                }
            }
            if (taken == before) {
                break;
            }
        } while (expired.size() == TAKEOVER_BATCH);
        if (taken > 0) {
            LOG.info("took over {} runs whose server stopped", taken);
        }
        return taken;
    }

    private void resume(AssociationExecution execution) {
        Optional<Association> found = associations.find(execution.tenant(), execution.associationId());
        if (found.isEmpty()) {
            return; // Deleted meanwhile: its runs went with it.
        }
        Association association = found.get();
        var d = association.definition();
        Run run = Run.resumed(execution, association, () -> nodes.select(association.tenant(), d.targets(),
                        d.instanceId()), allTargets(execution.executionId()),
                id -> nodes.find(association.tenant(), id), withCleanup(execution.executionId(), association));
        running.put(execution.executionId(), run);
        threads.execute(run::run);
    }

    private List<ExecutionTarget> allTargets(String executionId) {
        List<ExecutionTarget> targets = new ArrayList<>();
        String after = null;
        List<ExecutionTarget> page;
        do {
            page = executions.targets(executionId, new ExecutionStore.TargetQuery(null, null, null), after, LIST_PAGE);
            targets.addAll(page);
            after = page.isEmpty() ? after : page.get(page.size() - 1).resourceId();
        } while (page.size() == LIST_PAGE);
        return targets;
    }

    /** Waits, at most {@code limit}, until no run of this process is in flight; returns how many still are. */
    public int awaitIdle(java.time.Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return running.size();
    }

    /** Whether a run of the association's is still going in this process. */
    public boolean inFlight(Tenant tenant, String associationId) {
        Run run = fullRuns.get(associationId);
        return run != null && run.execution().tenant().equals(tenant);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
