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
import steward.tenant.Tenant;

/**
 * Starts runs: when an association is created or updated (unless ApplyOnlyAtCronInterval),
 * when asked (StartAssociationsOnce, schedules), and when a node the targets select appears.
 * The run's record is written before the call that caused it returns; the dispatch itself
 * goes on on a virtual thread. A new full run of an association times out the one in flight.
 */
public final class AssociationRunner implements AssociationListener, NodeListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AssociationRunner.class);
    private static final int LIST_PAGE = 500;

    private final ExecutionStore executions;
    private final AssociationStore associations;
    private final NodeDirectory nodes;
    private final InstantSource clock;
    private final Run.Services services;
    private final Map<String, Run> fullRuns = new ConcurrentHashMap<>();
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    public AssociationRunner(ExecutionStore executions, AssociationStore associations, NodeDirectory nodes,
                             NodeCommands commands, AlarmStates alarms, InstantSource clock) {
        this.executions = executions;
        this.associations = associations;
        this.nodes = nodes;
        this.clock = clock;
        this.services = new Run.Services(executions, associations, commands, new AlarmGate(alarms), clock, () -> { });
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
            run.stop(new Run.Stop(ExecutionStatus.CANCELLED, "Cancelled: the association was deleted",
                    ExecutionStatus.SKIPPED, ExecutionStatus.CANCELLED, null));
        }
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

    /** Runs the association on every node its targets select now, timing out its run in flight. */
    public Optional<AssociationExecution> startFullRun(Association association) {
        var d = association.definition();
        List<ManagedNode> selected = nodes.select(association.tenant(), d.targets(), d.instanceId());
        Run previous = fullRuns.get(association.associationId());
        if (previous != null) {
            previous.stop(new Run.Stop(ExecutionStatus.TIMED_OUT, "TimedOut: a newer run of the association started",
                    ExecutionStatus.SKIPPED, ExecutionStatus.TIMED_OUT, null));
        }
        Optional<Run> run = start(association, selected);
        run.ifPresent(r -> fullRuns.put(association.associationId(), r));
        return run.map(Run::execution);
    }

    private Optional<Run> start(Association association, List<ManagedNode> selected) {
        Instant now = clock.instant();
        String executionId = UUID.randomUUID().toString();
        List<ExecutionTarget> targets = new ArrayList<>();
        for (ManagedNode node : selected) {
            targets.add(new ExecutionTarget(executionId, node.instanceId(), ExecutionTarget.MANAGED_INSTANCE,
                    ExecutionStatus.PENDING, ExecutionStatus.PENDING, null, UUID.randomUUID().toString()));
        }
        StatusCounts counts = new StatusCounts();
        targets.forEach(t -> counts.add(t.status()));
        AssociationExecution pending = new AssociationExecution(association.tenant(), 0, association.associationId(),
                association.latestVersion(), executionId, ExecutionStatus.PENDING, ExecutionStatus.PENDING, now, null,
                counts.render(), association.definition().alarmConfiguration(), null);
        Optional<AssociationExecution> stored = executions.start(pending, targets);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Run run = new Run(stored.get(), association, selected, targets, withCleanup(executionId, association));
        running.put(executionId, run);
        threads.execute(run::run);
        return Optional.of(run);
    }

    private Run.Services withCleanup(String executionId, Association association) {
        return new Run.Services(services.executions(), services.associations(), services.commands(), services.alarms(),
                services.clock(), () -> {
                    Run done = running.remove(executionId);
                    if (done != null) {
                        fullRuns.remove(association.associationId(), done);
                    }
                });
    }

    /**
     * Finishes honestly every run a previous process left in flight: targets that never
     * reported end TimedOut (started) or Failed (never started), and the run ends TimedOut.
     */
    public int recoverInterruptedRuns() {
        List<AssociationExecution> interrupted = executions.inFlight();
        for (AssociationExecution execution : interrupted) {
            new InterruptedRun(executions, associations, clock).finish(execution);
        }
        if (!interrupted.isEmpty()) {
            LOG.info("finished {} runs interrupted by a restart", interrupted.size());
        }
        return interrupted.size();
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
