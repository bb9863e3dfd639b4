package steward.storage;

import java.util.List;
import steward.compliance.ComplianceCondition;
import steward.compliance.ComplianceItem;
import steward.compliance.ComplianceSummary;
import steward.compliance.ComplianceUpload;
import steward.compliance.ResourceComplianceSummary;
import steward.tenant.Tenant;

/**
 * Compliance items on managed nodes, and the summaries computed from them. Items go with their
 * node and, for Association items, with their association. Reads are keyset-paged.
 */
public interface ComplianceStore {
    /** What became of an upload. */
    enum PutOutcome {
        WRITTEN,
        /** The ItemContentHash equals the stored one: nothing was written. */
        UNCHANGED,
        /** The tenant has no managed node of the upload's resource id. */
        NO_SUCH_RESOURCE,
        /** The upload would give the resource more Custom types than the limit allows. */
        TOO_MANY_TYPES,
        /** The upload would take the resource's items past the total size limit. */
        TOTAL_SIZE_EXCEEDED
    }

    /** Per-resource quotas an upload is checked against, in its own transaction. */
    record Limits(int customTypesPerResource, long bytesPerResource) {
    }

    /** Where a page of items starts after (exclusive). */
    record ItemPosition(String resourceType, String resourceId, String complianceType, long seq) {
    }

    /** Where a page of resource summaries starts after (exclusive). */
    record ResourcePosition(String resourceType, String resourceId, String complianceType) {
    }

    /**
     * In one transaction: checks that the node exists, the content hash, and the limits; then
     * replaces the resource's items of the upload's type (or, for a partial upload, the items
     * with the ids it names) and records the upload's hash and execution summary.
     */
    PutOutcome put(Tenant tenant, ComplianceUpload upload, Limits limits);

    /** Items in (resource type, resource id, compliance type, upload order) order. */
    List<ComplianceItem> items(Tenant tenant, List<ComplianceCondition> conditions, ItemPosition after, int limit);

    /** One summary per resource and compliance type, in (resource type, resource id, type) order. */
    List<ResourceComplianceSummary> resourceSummaries(Tenant tenant, List<ComplianceCondition> conditions,
                                                      ResourcePosition after, int limit);

    /** One summary per compliance type, counting resources, in type order. */
    List<ComplianceSummary> summaries(Tenant tenant, List<ComplianceCondition> conditions, String afterType, int limit);
}
