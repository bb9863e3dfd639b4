package steward.compliance;

/**
 * One compliance type on one resource: NON_COMPLIANT when any item is, with its items counted
 * by status and severity. The overall severity is the highest severity of the non-compliant
 * items, or of all items when every one is compliant.
 */
public record ResourceComplianceSummary(String complianceType, String resourceType, String resourceId,
                                        ComplianceStatus status, ComplianceSeverity overallSeverity,
                                        ComplianceExecutionSummary executionSummary, SeverityCounts compliant,
                                        SeverityCounts nonCompliant) {
}
