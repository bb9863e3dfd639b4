package steward.execution.runner;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import steward.association.AssociationOverview;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionStatus;
import steward.execution.ExecutionTarget;
import steward.storage.AssociationStore;
import steward.storage.ExecutionStore;

/** Closes a run that a crash left Pending or InProgress, saying so in every status it writes. */
final class InterruptedRun {
    static final String DETAIL = "TimedOut: the server restarted before this run finished";
    private static final String STARTED_DETAIL = "TimedOut: the server restarted before the node reported";
    private static final String UNSTARTED_DETAIL = "Failed: the server restarted before this target was started";
    private static final int PAGE = 500;

    private final ExecutionStore executions;
    private final AssociationStore associations;
    private final InstantSource clock;

    InterruptedRun(ExecutionStore executions, AssociationStore associations, InstantSource clock) {
        this.executions = executions;
        this.associations = associations;
        this.clock = clock;
    }

    void finish(AssociationExecution execution) {
        Instant now = clock.instant();
        List<ExecutionTarget> targets = allTargets(execution);
        StatusCounts counts = new StatusCounts();
        targets.forEach(target -> counts.add(target.status()));
        for (ExecutionTarget target : targets) {
            ExecutionTarget ended = switch (target.status()) {
                case ExecutionStatus.IN_PROGRESS -> target.finish(ExecutionStatus.TIMED_OUT, STARTED_DETAIL, now);
                case ExecutionStatus.PENDING -> target.finish(ExecutionStatus.FAILED, UNSTARTED_DETAIL, now);
                default -> null;
            };
            if (ended != null) {
                counts.move(target.status(), ended.status());
                executions.updateTarget(execution, ended, counts.render());
            }
        }
        executions.updateRun(execution.executionId(), ExecutionStatus.TIMED_OUT, DETAIL, now, counts.render(), null);
        associations.recordRun(execution.tenant(), execution.associationId(),
                new AssociationOverview("Failed", ExecutionStatus.TIMED_OUT, counts.asMap()), now, null);
    }

    /** Every target of the run, read once: the counts need them all before the first update. */
    private List<ExecutionTarget> allTargets(AssociationExecution execution) {
        List<ExecutionTarget> targets = new ArrayList<>();
        String after = null;
        List<ExecutionTarget> page;
        do {
            page = executions.targets(execution.executionId(), new ExecutionStore.TargetQuery(null, null, null), after, PAGE);
            targets.addAll(page);
            after = page.isEmpty() ? after : page.get(page.size() - 1).resourceId();
        } while (page.size() == PAGE);
        return targets;
    }
}
