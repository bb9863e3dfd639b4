package steward.compliance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import steward.association.AssociationDefinition;
import steward.execution.ExecutionStatus;
import steward.tenant.Tenant;

/**
 * What a run of an association leaves on each target node under SyncCompliance AUTO (the
 * default): one Association item whose Id is the association id, COMPLIANT when the node's run
 * succeeded and NON_COMPLIANT otherwise, with the association's ComplianceSeverity
 * (UNSPECIFIED when it has none), an empty Title and the document in Details (its name, and the
 * concrete version the association's $DEFAULT or $LATEST resolved to), as AWS shows them. Under MANUAL, State Manager leaves nothing: PutComplianceItems reports instead.
 */
public final class AssociationCompliance {
    public static final String TYPE = "Association";
    public static final String MANUAL = "MANUAL";

    /** The concrete version a document version as an association names it (null, $DEFAULT, $LATEST, 3) stands for. */
    @FunctionalInterface
    public interface DocumentVersions {
        DocumentVersions AS_NAMED = (tenant, name, version) -> version == null ? "$DEFAULT" : version;

        String resolve(Tenant tenant, String documentName, String documentVersion);
    }

    private AssociationCompliance() {
    }

    public static boolean isManual(AssociationDefinition definition) {
        return MANUAL.equals(definition.syncCompliance());
    }

    public static Optional<ComplianceItemEntry> itemFor(Tenant tenant, String associationId,
                                                        AssociationDefinition definition, String targetStatus,
                                                        DocumentVersions versions) {
        if (isManual(definition)) {
            return Optional.empty();
        }
        String status = ExecutionStatus.SUCCESS.equals(targetStatus) ? ComplianceStatus.COMPLIANT.name()
                : ComplianceStatus.NON_COMPLIANT.name();
        String severity = definition.complianceSeverity() == null ? ComplianceSeverity.UNSPECIFIED.name()
                : definition.complianceSeverity();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("DocumentName", definition.name());
        details.put("DocumentVersion", versions.resolve(tenant, definition.name(), definition.documentVersion()));
        return Optional.of(new ComplianceItemEntry(associationId, "", severity, status, details));
    }
}
