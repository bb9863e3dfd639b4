package steward.compliance;

import java.time.Instant;

/** When (and, optionally, by which execution) compliance was determined; AWS's ComplianceExecutionSummary. */
public record ComplianceExecutionSummary(Instant executionTime, String executionId, String executionType) {
}
