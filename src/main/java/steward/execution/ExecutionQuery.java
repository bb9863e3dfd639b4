package steward.execution;

import java.time.Instant;

/**
 * DescribeAssociationExecutions' filters, combined with AND. CreatedTime bounds are
 * half-open: {@code createdFrom} inclusive, {@code createdBefore} exclusive; a
 * GREATER_THAN filter becomes {@code createdFrom = value + 1 ms}.
 */
public record ExecutionQuery(String executionId, String status, Instant createdFrom, Instant createdBefore) {
    public static final ExecutionQuery ALL = new ExecutionQuery(null, null, null, null);
}
