package steward.compliance;

import java.util.List;

/**
 * One PutComplianceItems call, checked: the items of one compliance type for one resource.
 * {@code partial} (UploadType PARTIAL, Association items only) replaces just the items whose
 * ids it names; otherwise the upload replaces every item of the type on the resource.
 */
public record ComplianceUpload(String resourceType, String resourceId, String complianceType,
                               ComplianceExecutionSummary executionSummary, List<ComplianceItemEntry> items,
                               String contentHash, boolean partial) {
    public long contentBytes() {
        return items.stream().mapToLong(ComplianceItemEntry::contentBytes).sum();
    }
}
