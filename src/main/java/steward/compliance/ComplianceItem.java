package steward.compliance;

import java.util.Map;

/** A stored compliance item (AWS's ComplianceItem) and its place in the listing order ({@code seq}). */
public record ComplianceItem(long seq, String complianceType, String resourceType, String resourceId, String id,
                             String title, String status, String severity, ComplianceExecutionSummary executionSummary,
                             Map<String, String> details) {
}
