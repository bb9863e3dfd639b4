package steward.execution.runner;

import java.time.Instant;
import java.time.InstantSource;
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
        StatusCounts counts = new StatusCounts();
        String after = null;
        List<ExecutionTarget> page;
        do {
            page = executions.targets(execution.executionId(), new ExecutionStore.TargetQuery(null, null, null), after, PAGE);
            for (ExecutionTarget target : page) {
                counts.add(target.status());
                after = target.resourceId();
            }
        } while (page.size() == PAGE);
        after = null;
        do {
            page = executions.targets(execution.executionId(), new ExecutionStore.TargetQuery(null, null, null), after, PAGE);
            for (ExecutionTarget target : page) {
                after = target.resourceId();
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
        } while (page.size() == PAGE);
        executions.updateRun(execution.executionId(), ExecutionStatus.TIMED_OUT, DETAIL, now, counts.render(), null);
        associations.recordRun(execution.tenant(), execution.associationId(),
                new AssociationOverview("Failed", ExecutionStatus.TIMED_OUT, counts.asMap()), now, null);
    }
}
