package steward.execution;

import java.time.Instant;
import java.util.List;
import steward.association.AlarmConfiguration;
import steward.association.AlarmStateInformation;
import steward.tenant.Tenant;

/**
 * One run of one association version. {@code seq} is the store's tie-breaker for runs
 * created in the same millisecond, so pages of history never skip or repeat a run.
 * {@code scheduledFor} is the due time a schedule fired it for (null for other runs); the
 * store holds at most one run per association and due time.
 */
public record AssociationExecution(
        Tenant tenant,
        long seq,
        String associationId,
        int associationVersion,
        String executionId,
        String status,
        String detailedStatus,
        Instant createdTime,
        Instant lastExecutionDate,
        String resourceCountByStatus,
        AlarmConfiguration alarmConfiguration,
        List<AlarmStateInformation> triggeredAlarms,
        Instant scheduledFor) {

    public AssociationExecution withSeq(long newSeq) {
        return new AssociationExecution(tenant, newSeq, associationId, associationVersion, executionId, status,
                detailedStatus, createdTime, lastExecutionDate, resourceCountByStatus, alarmConfiguration,
                triggeredAlarms, scheduledFor);
    }

    public boolean inFlight() {
        return ExecutionStatus.PENDING.equals(status) || ExecutionStatus.IN_PROGRESS.equals(status);
    }
}
