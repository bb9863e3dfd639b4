package steward.execution.runner;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.association.AssociationOverview;
import steward.association.AlarmStateInformation;
import steward.document.DocumentVersion;
import steward.errors.SsmException;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionStatus;
import steward.execution.ExecutionTarget;
import steward.node.CommandResult;
import steward.node.ManagedNode;
import steward.node.NodeCommand;
import steward.node.NodeCommands;
import steward.storage.AssociationStore;
import steward.storage.ExecutionStore;

/**
 * One run in flight: dispatches its targets under MaxConcurrency, stops starting new ones
 * when MaxErrors is exceeded or an alarm fires, records every target's result, and finishes
 * the run and the association's overview. Every state change is written before it is
 * acted on, so the history never claims more than happened.
 */
final class Run {
    private static final Logger LOG = LoggerFactory.getLogger(Run.class);
    private static final long ALARM_POLL_MILLIS = 500;
    /** A scheduled run created this long after its due time says so in its DetailedStatus. */
    static final Duration LATE_AFTER = Duration.ofSeconds(60);

    /** Why a run stopped early, and how it ends because of it. */
    record Stop(String status, String detailedStatus, String unstartedStatus, String inFlightStatus,
                List<AlarmStateInformation> triggeredAlarms) {
    }

    private final AssociationExecution execution;
    private final Association association;
    private final Supplier<List<ManagedNode>> selection;
    private final Instant deadline;
    private final Map<String, ManagedNode> nodes = new LinkedHashMap<>();
    private final Map<String, ExecutionTarget> targets = new LinkedHashMap<>();
    private final StatusCounts counts = new StatusCounts();
    private final Services services;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean targetsResolved;
    private int inFlight;
    private int errors;
    private Stop stop;
    private boolean finished;

    /** What every run needs from the rest of the server. */
    record Services(ExecutionStore executions, AssociationStore associations, NodeCommands commands, AlarmGate alarms,
                    InstantSource clock, Runnable onFinish, java.util.function.BooleanSupplier shuttingDown,
                    RunDocuments documents) {
    }

    /**
     * A run whose targets are resolved when it starts: the record of the run exists first, so
     * creating many at once (a schedule firing for thousands of associations) costs one write.
     * A Duration on the association sets the deadline after which no target starts.
     */
    Run(AssociationExecution execution, Association association, Supplier<List<ManagedNode>> selection,
        Services services) {
        this.execution = execution;
        this.association = association;
        this.selection = selection;
        this.services = services;
        Integer hours = association.definition().duration();
        this.deadline = hours == null ? null : execution.createdTime().plus(Duration.ofHours(hours));
    }

    AssociationExecution execution() {
        return execution;
    }

    void run() {
        try {
            if (!resolveTargets()) {
                return;
            }
            dispatchAll();
            awaitInFlight();
            finish(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (services.shuttingDown().getAsBoolean()) {
                // The server stopped after its grace period: the run stays in flight in the store and
                // the next start finishes it, exactly as after a crash.
                LOG.debug("run {} left in flight by the shutdown", execution.executionId());
                return;
            }
            finish(new Stop(ExecutionStatus.FAILED, "Failed: the server stopped the run", ExecutionStatus.SKIPPED,
                    ExecutionStatus.TIMED_OUT, null));
        } catch (RuntimeException e) {
            if (services.shuttingDown().getAsBoolean()) {
                // The store is closing under the run; the next start finishes it as interrupted.
                LOG.debug("run {} left in flight by the shutdown", execution.executionId(), e);
                return;
            }
            LOG.error("run {} of association {} failed", execution.executionId(), execution.associationId(), e);
            finish(new Stop(ExecutionStatus.FAILED, "Failed: " + e.getClass().getSimpleName(), ExecutionStatus.SKIPPED,
                    ExecutionStatus.FAILED, null));
        }
    }

    /** Ends the run now: a newer run of the association, a Duration that passed, a deletion. */
    void stop(Stop reason) {
        finish(reason);
    }

    private void dispatchAll() throws InterruptedException {
        AssociationDefinition d = association.definition();
        if (!markInProgress()) {
            return;
        }
        DocumentVersion document;
        try {
            document = services.documents().resolve(association.tenant(), d.name(), d.documentVersion());
        } catch (SsmException gone) {
            // The version the association names went away (unshared, or a pinned version deleted by its owner).
            finish(new Stop(ExecutionStatus.FAILED, "Failed: " + gone.code() + ": " + gone.getMessage(),
                    ExecutionStatus.SKIPPED, ExecutionStatus.FAILED, null));
            return;
        }
        RateControls rates = RateControls.resolve(d.maxConcurrency(), d.maxErrors(), targets.size());
        Semaphore permits = new Semaphore(rates.maxConcurrency());
        for (ExecutionTarget target : List.copyOf(targets.values())) {
            if (stopped() || stopConditionMet()) {
                return;
            }
            while (!permits.tryAcquire(ALARM_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopped() || stopConditionMet()) {
                    return;
                }
            }
            if (!begin(target, rates)) {
                permits.release();
                return;
            }
            NodeCommand command = new NodeCommand(target.outputSourceId(), execution.associationId(), d.name(),
                    d.parameters(), document);
            services.commands().send(nodes.get(target.resourceId()), command)
                    .whenComplete((result, failure) -> {
                        try {
                            complete(target.resourceId(), result, failure);
                        } finally {
                            permits.release();
                        }
                    });
        }
    }

    /** Records every node the targets select as a Pending target; false when the run was already stopped. */
    private boolean resolveTargets() {
        lock.lock();
        try {
            if (finished) {
                return false;
            }
            addSelectedTargets();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void addSelectedTargets() {
        if (targetsResolved) {
            return;
        }
        targetsResolved = true;
        List<ExecutionTarget> pending = new java.util.ArrayList<>();
        for (ManagedNode node : selection.get()) {
            ExecutionTarget target = new ExecutionTarget(execution.executionId(), node.instanceId(),
                    ExecutionTarget.MANAGED_INSTANCE, ExecutionStatus.PENDING, ExecutionStatus.PENDING, null,
                    java.util.UUID.randomUUID().toString());
            nodes.put(node.instanceId(), node);
            targets.put(node.instanceId(), target);
            counts.add(target.status());
            pending.add(target);
        }
        services.executions().addTargets(execution, pending, render());
    }

    /** False when the run was stopped before its thread got going: its final state is already written. */
    private boolean markInProgress() {
        lock.lock();
        try {
            if (finished) {
                return false;
            }
            services.executions().updateRun(execution.executionId(), ExecutionStatus.IN_PROGRESS,
                    ExecutionStatus.IN_PROGRESS + lateNote(execution), null, render(), null);
            services.associations().recordRun(execution.tenant(), execution.associationId(),
                    new AssociationOverview("Pending", ExecutionStatus.IN_PROGRESS, null), null, null);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean begin(ExecutionTarget target, RateControls rates) {
        lock.lock();
        try {
            if (stop != null || finished) {
                return false;
            }
            if (rates.budgetExceeded(errors)) {
                stop = new Stop(ExecutionStatus.FAILED, "Failed: more than " + rates.maxErrors()
                        + " targets failed (MaxErrors)", ExecutionStatus.SKIPPED, null, null);
                changed.signalAll();
                return false;
            }
            ExecutionTarget started = target.finish(ExecutionStatus.IN_PROGRESS, ExecutionStatus.IN_PROGRESS, null);
            targets.put(target.resourceId(), started);
            counts.move(target.status(), started.status());
            inFlight++;
            services.executions().updateTarget(execution, started, render());
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void complete(String resourceId, CommandResult result, Throwable failure) {
        if (failure != null && services.shuttingDown().getAsBoolean()) {
            // A command cut off by the server's own stop did not fail on its node: the target stays
            // in flight, and the next start finishes it as interrupted.
            return;
        }
        lock.lock();
        try {
            ExecutionTarget current = targets.get(resourceId);
            if (finished || !ExecutionStatus.IN_PROGRESS.equals(current.status())) {
                return;
            }
            String status = failure != null ? ExecutionStatus.FAILED : result.status();
            String detailed = failure != null ? "Failed: " + failure.getClass().getSimpleName() : result.detailedStatus();
            ExecutionTarget done = current.finish(status, detailed, services.clock().instant());
            targets.put(resourceId, done);
            counts.move(current.status(), status);
            if (!ExecutionStatus.SUCCESS.equals(status)) {
                errors++;
            }
            inFlight--;
            services.executions().updateTarget(execution, done, render());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void awaitInFlight() throws InterruptedException {
        while (true) {
            lock.lock();
            try {
                if (inFlight == 0 || finished || (stop != null && stop.inFlightStatus() != null)) {
                    return;
                }
                changed.await(ALARM_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } finally {
                lock.unlock();
            }
            stopConditionMet();
        }
    }

    private boolean stopped() {
        lock.lock();
        try {
            return stop != null || finished;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the Duration has passed or an alarm stops the run; records why in {@code stop}. */
    private boolean stopConditionMet() {
        if (deadline != null && !services.clock().instant().isBefore(deadline)) {
            lock.lock();
            try {
                if (stop == null) {
                    stop = new Stop(ExecutionStatus.TIMED_OUT, "TimedOut: the association's Duration of "
                            + association.definition().duration() + " hours passed; targets not yet started were not started",
                            ExecutionStatus.SKIPPED, ExecutionStatus.TIMED_OUT, null);
                }
                changed.signalAll();
                return true;
            } finally {
                lock.unlock();
            }
        }
        Optional<AlarmGate.Stop> alarm = services.alarms().check(execution.tenant(), execution.alarmConfiguration());
        if (alarm.isEmpty()) {
            return false;
        }
        lock.lock();
        try {
            if (stop == null) {
                stop = new Stop(ExecutionStatus.FAILED, alarm.get().detailedStatus(), ExecutionStatus.SKIPPED,
                        ExecutionStatus.CANCELLED, alarm.get().triggeredAlarms());
            }
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void finish(Stop reason) {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            if (reason != null && stop == null) {
                stop = reason;
            } else if (reason != null && reason.inFlightStatus() != null) {
                stop = reason;
            }
            finished = true;
            addSelectedTargets();
            Instant now = services.clock().instant();
            for (ExecutionTarget target : List.copyOf(targets.values())) {
                String end = endOf(target.status());
                if (end != null) {
                    ExecutionTarget ended = target.finish(end, endDetail(end), now);
                    targets.put(target.resourceId(), ended);
                    counts.move(target.status(), end);
                    services.executions().updateTarget(execution, ended, render());
                }
            }
            String status = finalStatus();
            String detailed = (stop != null ? stop.detailedStatus() : status) + lateNote(execution);
            services.executions().updateRun(execution.executionId(), status, detailed, now, render(),
                    stop == null ? null : stop.triggeredAlarms());
            String overviewStatus = ExecutionStatus.SUCCESS.equals(status) ? "Success" : "Failed";
            services.associations().recordRun(execution.tenant(), execution.associationId(),
                    new AssociationOverview(overviewStatus, status, counts.asMap()), now,
                    ExecutionStatus.SUCCESS.equals(status) ? now : null);
        } finally {
            changed.signalAll();
            lock.unlock();
            services.onFinish().run();
        }
    }

    /** Empty unless the run fired late for its due time, e.g. after the server was down. */
    static String lateNote(AssociationExecution execution) {
        Instant due = execution.scheduledFor();
        if (due == null || !execution.createdTime().isAfter(due.plus(LATE_AFTER))) {
            return "";
        }
        return " (late: due at " + due + ", started at " + execution.createdTime() + ")";
    }

    private String endOf(String status) {
        if (ExecutionStatus.PENDING.equals(status)) {
            return stop != null ? stop.unstartedStatus() : ExecutionStatus.SKIPPED;
        }
        if (ExecutionStatus.IN_PROGRESS.equals(status)) {
            return stop != null && stop.inFlightStatus() != null ? stop.inFlightStatus() : ExecutionStatus.TIMED_OUT;
        }
        return null;
    }

    private String endDetail(String end) {
        return stop != null ? stop.detailedStatus() : end;
    }

    private String finalStatus() {
        if (stop != null) {
            return stop.status();
        }
        if (targets.values().stream().allMatch(t -> ExecutionStatus.SUCCESS.equals(t.status()))) {
            return ExecutionStatus.SUCCESS;
        }
        return ExecutionStatus.FAILED;
    }

    private String render() {
        return counts.render();
    }
}
