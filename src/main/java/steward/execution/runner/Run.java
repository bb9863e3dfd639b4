package steward.execution.runner;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.association.AssociationOverview;
import steward.association.AlarmStateInformation;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionStatus;
import steward.execution.ExecutionTarget;
import steward.node.CommandResult;
import steward.node.ManagedNode;
import steward.node.NodeCommands;
import steward.storage.AssociationStore;
import steward.storage.ExecutionStore;

/**
 * One association run in flight: resolves its targets, hands them to the {@link Dispatch}
 * that Run Command shares (MaxConcurrency, MaxErrors, alarms, the Duration, time-outs),
 * records every target's result in the history and its output as an invocation, and finishes
 * the run and the association's overview. Every state change is written before it is
 * acted on, so the history never claims more than happened.
 */
final class Run {
    private static final Logger LOG = LoggerFactory.getLogger(Run.class);
    /** A scheduled run created this long after its due time says so in its DetailedStatus. */
    static final Duration LATE_AFTER = Duration.ofSeconds(60);
    /** A target whose node was running it for a server that stopped, when another server took the run over. */
    static final String LOST_DETAIL = "TimedOut: the Steward server running this target stopped before the node reported";

    /** Why a run stopped early, and how it ends because of it. */
    record Stop(String status, String detailedStatus, String unstartedStatus, String inFlightStatus,
                List<AlarmStateInformation> triggeredAlarms) {
    }

    private final AssociationExecution execution;
    private final Association association;
    private final Supplier<List<ManagedNode>> selection;
    /** The targets another server recorded, when this server took the run over; null for a run started here. */
    private final List<ExecutionTarget> resumed;
    private final java.util.function.Function<String, Optional<ManagedNode>> nodes;
    private final Instant deadline;
    private final Map<String, ExecutionTarget> targets = new LinkedHashMap<>();
    private final List<Dispatch.Target> dispatchTargets = new java.util.ArrayList<>();
    private final StatusCounts counts = new StatusCounts();
    private final Services services;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean targetsResolved;
    private steward.errors.SsmException documentGone;
    private Dispatch dispatch;
    private Stop stop;
    private boolean finished;

    /** What every run needs from the rest of the server. */
    record Services(ExecutionStore executions, AssociationStore associations, NodeCommands commands, AlarmGate alarms,
                    AssociationInvocations invocations, InstantSource clock, Runnable onFinish,
                    java.util.function.BooleanSupplier shuttingDown, RunDocuments documents,
                    java.util.function.BooleanSupplier leaseHeld) {
    }

    /**
     * A run whose targets are resolved when it starts: the record of the run exists first, so
     * creating many at once (a schedule firing for thousands of associations) costs one write.
     * A Duration on the association sets the deadline after which no target starts.
     */
    Run(AssociationExecution execution, Association association, Supplier<List<ManagedNode>> selection,
        Services services) {
        this(execution, association, selection, null, id -> Optional.empty(), services);
    }

    /**
     * A run another server started and stopped running (it died): {@code recorded} are the
     * targets it wrote, which this run finishes; when it wrote none, the targets are selected
     * anew as for a run started here. {@code nodes} finds the managed node of a target.
     */
    static Run resumed(AssociationExecution execution, Association association, Supplier<List<ManagedNode>> selection,
                       List<ExecutionTarget> recorded, java.util.function.Function<String, Optional<ManagedNode>> nodes,
                       Services services) {
        return new Run(execution, association, selection, recorded.isEmpty() ? null : List.copyOf(recorded), nodes,
                services);
    }

    private Run(AssociationExecution execution, Association association, Supplier<List<ManagedNode>> selection,
                List<ExecutionTarget> resumed, java.util.function.Function<String, Optional<ManagedNode>> nodes,
                Services services) {
        this.execution = execution;
        this.association = association;
        this.selection = selection;
        this.resumed = resumed;
        this.nodes = nodes;
        this.services = services;
        Integer hours = association.definition().duration();
        this.deadline = hours == null ? null : execution.createdTime().plus(Duration.ofHours(hours));
    }

    AssociationExecution execution() {
        return execution;
    }

    void run() {
        try {
            Dispatch prepared = prepare();
            if (prepared == null) {
                return;
            }
            if (resumed != null) {
                resumeDispatch(prepared);
            }
            Optional<Dispatch.Stop> stopped = prepared.run();
            finish(stopped.map(this::stopFor).orElse(null));
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
        lock.lock();
        try {
            if (!finished && (stop == null || reason.inFlightStatus() != null)) {
                stop = reason;
            }
            if (dispatch != null && !finished) {
                dispatch.abandon(new Dispatch.Stop(Dispatch.Cause.ABANDONED, reason.detailedStatus(), null, true));
            }
        } finally {
            lock.unlock();
        }
        finish(reason);
    }

    /**
     * Another server took the run over (this one stalled past its lease): stops here without
     * another write; the run is that server's to finish.
     */
    void relinquish() {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            if (dispatch != null) {
                dispatch.relinquish();
            }
        } finally {
            lock.unlock();
        }
        LOG.warn("run {} was taken over by another server while this one stalled; left to it", execution.executionId());
        services.onFinish().run();
    }

    /** How a stop of the shared dispatch ends this run. */
    private Stop stopFor(Dispatch.Stop stopped) {
        return switch (stopped.cause()) {
            case MAX_ERRORS -> new Stop(ExecutionStatus.FAILED, "Failed: " + stopped.detail(), ExecutionStatus.SKIPPED,
                    null, null);
            case ALARM -> new Stop(ExecutionStatus.FAILED, stopped.detail(), ExecutionStatus.SKIPPED,
                    ExecutionStatus.CANCELLED, stopped.triggeredAlarms());
            case DEADLINE -> new Stop(ExecutionStatus.TIMED_OUT, "TimedOut: the association's Duration of "
                    + association.definition().duration() + " hours passed; targets not yet started were not started",
                    ExecutionStatus.SKIPPED, ExecutionStatus.TIMED_OUT, null);
            case CANCELLED, ABANDONED -> stop;
        };
    }

    /** Resolves the targets and marks the run InProgress; null when the run was stopped before it got going. */
    private Dispatch prepare() {
        lock.lock();
        try {
            if (finished) {
                return null;
            }
            addSelectedTargets();
            if (documentGone != null) {
                // The version the association names went away (unshared, or a pinned version deleted by its owner).
                finish(new Stop(ExecutionStatus.FAILED, "Failed: " + documentGone.code() + ": "
                        + documentGone.getMessage(), ExecutionStatus.SKIPPED, ExecutionStatus.FAILED, null));
                return null;
            }
            services.executions().updateRun(execution.executionId(), ExecutionStatus.IN_PROGRESS,
                    ExecutionStatus.IN_PROGRESS + lateNote(execution), null, render(), null);
            services.associations().recordRun(execution.tenant(), execution.associationId(),
                    new AssociationOverview("Pending", ExecutionStatus.IN_PROGRESS, null), null, null);
            AssociationDefinition d = association.definition();
            dispatch = new Dispatch(dispatchTargets, new Dispatch.Controls(execution.tenant(), d.maxConcurrency(),
                    d.maxErrors(), execution.alarmConfiguration(), deadline), services.commands(), services.alarms(),
                    services.clock(), new Ledger(), lock).guardedBy(services.leaseHeld());
            return dispatch;
        } finally {
            lock.unlock();
        }
    }

    /** Records every node the targets select as a Pending target, with its invocation. */
    private void addSelectedTargets() {
        if (targetsResolved) {
            return;
        }
        targetsResolved = true;
        if (resumed != null) {
            addRecordedTargets();
            return;
        }
        List<ExecutionTarget> pending = new java.util.ArrayList<>();
        Instant now = services.clock().instant();
        // The version the association names, resolved once as the run starts, so a later
        // UpdateDocumentDefaultVersion changes the next run, never one under way.
        steward.document.DocumentVersion document = resolveDocument();
        for (ManagedNode node : selection.get()) {
            ExecutionTarget target = new ExecutionTarget(execution.executionId(), node.instanceId(),
                    ExecutionTarget.MANAGED_INSTANCE, ExecutionStatus.PENDING, ExecutionStatus.PENDING, null,
                    java.util.UUID.randomUUID().toString());
            targets.put(node.instanceId(), target);
            counts.add(target.status());
            pending.add(target);
            dispatchTargets.add(new Dispatch.Target(node,
                    services.invocations().command(association, document, node, target.outputSourceId(), now)));
        }
        // The invocations first: a target's OutputSourceId opens its invocation from the moment it is visible.
        services.invocations().opened(association, dispatchTargets, now);
        services.executions().addTargets(execution, pending, render());
    }

    private steward.document.DocumentVersion resolveDocument() {
        try {
            AssociationDefinition d = association.definition();
            return services.documents().resolve(association.tenant(), d.name(), d.documentVersion());
        } catch (steward.errors.SsmException gone) {
            documentGone = gone;
            return null;
        }
    }

    /**
     * A run taken over: the targets the other server recorded, each with the command it was (or
     * would have been) sent, rebuilt the same way (the document version is resolved again: the
     * one the other server resolved lived in its memory).
     */
    private void addRecordedTargets() {
        steward.document.DocumentVersion document = resolveDocument();
        Instant requestedAt = execution.createdTime();
        List<Dispatch.Target> open = new java.util.ArrayList<>();
        for (ExecutionTarget target : resumed) {
            targets.put(target.resourceId(), target);
            counts.add(target.status());
            boolean done = ExecutionStatus.isFinal(target.status());
            // A node that is gone is reached as a node no one serves: its command ends Undeliverable.
            ManagedNode node = done ? null : nodes.apply(target.resourceId()).orElse(null);
            if (node == null) {
                node = new ManagedNode(execution.tenant(), target.resourceId(), target.resourceId(), null, null, null,
                        null, null, null, null, null, null);
            }
            Dispatch.Target dispatchTarget = new Dispatch.Target(node, services.invocations().command(association,
                    document, node, target.outputSourceId(), requestedAt));
            dispatchTargets.add(dispatchTarget);
            if (!done) {
                open.add(dispatchTarget);
            }
        }
        services.invocations().reopened(open);
    }

    /** Final targets stay as they are; those the other server sent are adopted, never sent again. */
    private void resumeDispatch(Dispatch prepared) {
        List<String> ended = new java.util.ArrayList<>();
        List<String> adopted = new java.util.ArrayList<>();
        int errors = 0;
        lock.lock();
        try {
            for (ExecutionTarget target : targets.values()) {
                if (ExecutionStatus.isFinal(target.status())) {
                    ended.add(target.resourceId());
                    if (Dispatch.countsAsError(CommandResult.withoutOutput(target.status(), target.detailedStatus()))) {
                        errors++;
                    }
                } else if (ExecutionStatus.IN_PROGRESS.equals(target.status())) {
                    adopted.add(target.resourceId());
                }
            }
        } finally {
            lock.unlock();
        }
        prepared.resume(ended, errors, adopted);
    }

    /** The run's side of the shared dispatch: each change is written to the history and the invocation. */
    private final class Ledger implements Dispatch.Ledger {
        @Override
        public void sent(Dispatch.Target target, Instant at) {
            move(target.instanceId(), ExecutionStatus.IN_PROGRESS, ExecutionStatus.IN_PROGRESS, null);
        }

        @Override
        public void started(Dispatch.Target target, Instant at) {
            services.invocations().started(target, at);
        }

        @Override
        public void cancelling(Dispatch.Target target, Instant at) {
        }

        @Override
        public void ended(Dispatch.Target target, CommandResult result, Instant at) {
            services.invocations().ended(target, result, at);
            move(target.instanceId(), result.status(),
                    result == steward.node.NodeCommands.LOST ? LOST_DETAIL : result.statusDetails(), at);
        }
    }

    private void move(String resourceId, String status, String detailed, Instant at) {
        ExecutionTarget current = targets.get(resourceId);
        ExecutionTarget moved = current.finish(status, detailed, at);
        targets.put(resourceId, moved);
        counts.move(current.status(), status);
        services.executions().updateTarget(execution, moved, render());
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
            if (dispatch != null) {
                dispatch.close();
            }
            Instant now = services.clock().instant();
            for (Dispatch.Target target : dispatchTargets) {
                ExecutionTarget current = targets.get(target.instanceId());
                String end = endOf(current.status());
                if (end != null) {
                    String word = invocationStatusOf(end);
                    services.invocations().ended(target, CommandResult.withoutOutput(word, word), now);
                    move(target.instanceId(), end, endDetail(end), now);
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
            lock.unlock();
            services.onFinish().run();
        }
    }

    /** A target's end as an invocation status: Skipped has no invocation word, Cancelled does. */
    private static String invocationStatusOf(String end) {
        return switch (end) {
            case ExecutionStatus.SKIPPED -> ExecutionStatus.CANCELLED;
            default -> end;
        };
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
