package steward.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import steward.association.AlarmStateInformation;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionQuery;
import steward.execution.ExecutionStatus;
import steward.execution.ExecutionTarget;
import steward.execution.InstanceAssociationStatus;
import steward.metrics.Metrics;
import steward.tenant.Tenant;

/**
 * Counts what the run history records: runs and targets as they reach a final status, and the
 * lag of every scheduled run this process fires. Counting at the store, after the write
 * succeeded, means a metric never claims more than the history holds, and the runner needs no
 * knowledge of metrics.
 */
public final class MeteredExecutionStore implements ExecutionStore {
    private final ExecutionStore store;
    private final Metrics metrics;

    public MeteredExecutionStore(ExecutionStore store, Metrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public Optional<AssociationExecution> start(AssociationExecution execution, List<ExecutionTarget> targets,
                                                 boolean fullRun) {
        return store.start(execution, targets, fullRun);
    }

    @Override
    public java.util.Map<String, Long> newestFullRuns(java.util.Collection<String> associationIds) {
        return store.newestFullRuns(associationIds);
    }

    @Override
    public List<AssociationExecution> startScheduled(List<ScheduledStart> starts) {
        List<AssociationExecution> created = store.startScheduled(starts);
        for (AssociationExecution execution : created) {
            Instant due = execution.scheduledFor();
            if (due != null) {
                metrics.scheduleFired(Duration.between(due, execution.createdTime()));
            }
        }
        return created;
    }

    @Override
    public void importRuns(List<AssociationExecution> runs) {
        store.importRuns(runs);
    }

    @Override
    public void addTargets(AssociationExecution execution, List<ExecutionTarget> targets, String resourceCountByStatus) {
        store.addTargets(execution, targets, resourceCountByStatus);
    }

    @Override
    public void updateRun(String executionId, String status, String detailedStatus, Instant lastExecutionDate,
                          String resourceCountByStatus, List<AlarmStateInformation> triggeredAlarms) {
        store.updateRun(executionId, status, detailedStatus, lastExecutionDate, resourceCountByStatus, triggeredAlarms);
        if (ExecutionStatus.isFinal(status)) {
            metrics.runFinished(status);
        }
    }

    @Override
    public void updateTarget(AssociationExecution execution, ExecutionTarget target, String resourceCountByStatus) {
        store.updateTarget(execution, target, resourceCountByStatus);
        if (ExecutionStatus.isFinal(target.status())) {
            metrics.runTargetFinished(target.status());
        }
    }

    @Override
    public Optional<AssociationExecution> find(Tenant tenant, String associationId, String executionId) {
        return store.find(tenant, associationId, executionId);
    }

    @Override
    public List<AssociationExecution> page(Tenant tenant, String associationId, ExecutionQuery query, Position after,
                                           int limit) {
        return store.page(tenant, associationId, query, after, limit);
    }

    @Override
    public List<ExecutionTarget> targets(String executionId, TargetQuery query, String afterResourceId, int limit) {
        return store.targets(executionId, query, afterResourceId, limit);
    }

    @Override
    public List<AssociationExecution> inFlight() {
        return store.inFlight();
    }

    @Override
    public int renewLeases(String owner, Instant until) {
        return store.renewLeases(owner, until);
    }

    @Override
    public List<AssociationExecution> expiredLeases(Instant now, int limit) {
        return store.expiredLeases(now, limit);
    }

    @Override
    public boolean takeOver(String executionId, String owner, Instant now, Instant until) {
        return store.takeOver(executionId, owner, now, until);
    }

    @Override
    public void releaseLeases(String owner) {
        store.releaseLeases(owner);
    }

    @Override
    public java.util.Map<String, String> leaseOwners(java.util.Collection<String> executionIds) {
        return store.leaseOwners(executionIds);
    }

    @Override
    public List<InstanceAssociationStatus> instanceStatuses(Tenant tenant, String instanceId, String afterAssociationId,
                                                            int limit) {
        return store.instanceStatuses(tenant, instanceId, afterAssociationId, limit);
    }
}
