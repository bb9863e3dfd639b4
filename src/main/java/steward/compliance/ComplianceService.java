package steward.compliance;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import steward.association.Association;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.storage.ComplianceStore;
import steward.storage.ComplianceStore.ItemPosition;
import steward.storage.ComplianceStore.Limits;
import steward.storage.ComplianceStore.PutOutcome;
import steward.storage.ComplianceStore.ResourcePosition;
import steward.tenant.Tenant;

/**
 * PutComplianceItems' rules, and the reads. Quotas (AWS publishes the custom type count; the
 * sizes are Steward's): at most {@value #CUSTOM_TYPES_PER_RESOURCE} Custom types per resource,
 * an item of at most {@value #ITEM_BYTES} bytes (its id, title and details in UTF-8), and at most
 * {@value #BYTES_PER_RESOURCE} bytes of items per resource over all its types.
 */
public final class ComplianceService {
    public static final String MANAGED_INSTANCE = "ManagedInstance";
    public static final int CUSTOM_TYPES_PER_RESOURCE = 10;
    public static final long ITEM_BYTES = 64 * 1024;
    public static final long BYTES_PER_RESOURCE = 2 * 1024 * 1024;

    /** Finds an association of the tenant; PARTIAL uploads may only report MANUAL ones. */
    @FunctionalInterface
    public interface Associations {
        Optional<Association> find(Tenant tenant, String associationId);
    }

    /** Whether the tenant has a managed node of this id. */
    @FunctionalInterface
    public interface Nodes {
        boolean exists(Tenant tenant, String instanceId);
    }

    private final ComplianceStore store;
    private final Associations associations;
    private final Nodes nodes;

    public ComplianceService(ComplianceStore store, Associations associations, Nodes nodes) {
        this.store = store;
        this.associations = associations;
        this.nodes = nodes;
    }

    /**
     * ListComplianceItems' resource lists: ManagedInstance only, and one node the tenant has, as
     * AWS documents ("you can only specify one resource ID per call").
     */
    public void requireResources(Tenant tenant, List<String> resourceTypes, List<String> resourceIds) {
        resourceTypes.forEach(ComplianceService::requireManagedInstance);
        if (new HashSet<>(resourceIds).size() > 1) {
            throw new SsmException(ErrorCodes.INVALID_RESOURCE_ID, "ResourceIds names "
                    + new HashSet<>(resourceIds).size() + " resources; one resource ID may be given per call.");
        }
        for (String id : new HashSet<>(resourceIds)) {
            if (!nodes.exists(tenant, id)) {
                throw ComplianceErrors.invalidResourceId(id);
            }
        }
    }

    /** Checks and stores an upload; an upload whose ItemContentHash equals the stored one changes nothing. */
    public void put(Tenant tenant, ComplianceUpload upload) {
        requireManagedInstance(upload.resourceType());
        boolean association = AssociationCompliance.TYPE.equals(upload.complianceType());
        if (upload.partial() && !association) {
            throw ComplianceErrors.invalidItemContent("UploadType PARTIAL applies only to ComplianceType Association, "
                    + "not " + upload.complianceType() + ".");
        }
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (ComplianceItemEntry item : upload.items()) {
            index++;
            if (association && (item.id() == null || item.id().isEmpty())) {
                throw ComplianceErrors.invalidItemContent("Item " + index + " has no Id; an Association item's Id is "
                        + "the association ID.");
            }
            if (item.id() != null && !ids.add(item.id())) {
                throw ComplianceErrors.invalidItemContent("Item " + index + " repeats the Id " + item.id()
                        + "; each item of an upload needs its own Id.");
            }
            if (item.contentBytes() > ITEM_BYTES) {
                throw new SsmException(ComplianceErrors.ITEM_SIZE_LIMIT_EXCEEDED, "Item " + index + " has "
                        + item.contentBytes() + " bytes of Id, Title and Details; an item may have at most " + ITEM_BYTES
                        + ".");
            }
            if (upload.partial()) {
                requireManualAssociation(tenant, index, item.id());
            }
        }
        PutOutcome outcome = store.put(tenant, upload, new Limits(CUSTOM_TYPES_PER_RESOURCE, BYTES_PER_RESOURCE));
        switch (outcome) {
            case WRITTEN, UNCHANGED -> {
            }
            case NO_SUCH_RESOURCE -> throw ComplianceErrors.invalidResourceId(upload.resourceId());
            case TOO_MANY_TYPES -> throw new SsmException(ComplianceErrors.COMPLIANCE_TYPE_COUNT_LIMIT_EXCEEDED,
                    "The resource " + upload.resourceId() + " already has " + CUSTOM_TYPES_PER_RESOURCE
                            + " Custom compliance types, the most it may have; " + upload.complianceType()
                            + " would be one more.");
            case TOTAL_SIZE_EXCEEDED -> throw new SsmException(ComplianceErrors.TOTAL_SIZE_LIMIT_EXCEEDED,
                    "The compliance items of the resource " + upload.resourceId() + " would exceed "
                            + BYTES_PER_RESOURCE + " bytes over all its compliance types.");
        }
    }

    private void requireManualAssociation(Tenant tenant, int index, String associationId) {
        Optional<Association> found = associations.find(tenant, associationId);
        if (found.isEmpty()) {
            throw ComplianceErrors.invalidItemContent("Item " + index + " names the association " + associationId
                    + ", which does not exist; a PARTIAL upload reports on existing associations.");
        }
        if (!AssociationCompliance.isManual(found.get().definition())) {
            throw ComplianceErrors.invalidItemContent("Item " + index + " names the association " + associationId
                    + ", whose SyncCompliance is AUTO; a PARTIAL upload may only report on associations with "
                    + "SyncCompliance MANUAL.");
        }
    }

    public static void requireManagedInstance(String resourceType) {
        if (!MANAGED_INSTANCE.equals(resourceType)) {
            throw ComplianceErrors.invalidResourceType(resourceType);
        }
    }

    public List<ComplianceItem> items(Tenant tenant, List<ComplianceCondition> conditions, ItemPosition after, int limit) {
        return store.items(tenant, conditions, after, limit);
    }

    public List<ResourceComplianceSummary> resourceSummaries(Tenant tenant, List<ComplianceCondition> conditions,
                                                             ResourcePosition after, int limit) {
        return store.resourceSummaries(tenant, conditions, after, limit);
    }

    public List<ComplianceSummary> summaries(Tenant tenant, List<ComplianceCondition> conditions, String afterType,
                                             int limit) {
        return store.summaries(tenant, conditions, afterType, limit);
    }
}
