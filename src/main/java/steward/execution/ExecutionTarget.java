package steward.execution;

import java.time.Instant;

/** One node's part in a run; {@code outputSourceId} is the command id the node ran it under. */
public record ExecutionTarget(String executionId, String resourceId, String resourceType, String status,
                              String detailedStatus, Instant lastExecutionDate, String outputSourceId) {
    public static final String MANAGED_INSTANCE = "ManagedInstance";

    public ExecutionTarget finish(String newStatus, String newDetailedStatus, Instant at) {
        return new ExecutionTarget(executionId, resourceId, resourceType, newStatus, newDetailedStatus, at, outputSourceId);
    }
}
