package steward.association;

import java.time.Instant;
import steward.tenant.Tenant;

/**
 * An association as stored: identity, its latest version's definition, and the state that
 * runs move (overview, execution dates). {@code seq} is the store's insertion order, the
 * keyset ListAssociations pages on. {@code instanceStatus} is the legacy status of an
 * association made with InstanceId, which UpdateAssociationStatus sets. {@code nextDueDate} is
 * when its schedule fires next (null when it has none, or no future fire time).
 */
public record Association(
        Tenant tenant,
        long seq,
        String associationId,
        int latestVersion,
        Instant createdDate,
        Instant lastUpdateDate,
        AssociationOverview overview,
        Instant lastExecutionDate,
        Instant lastSuccessfulExecutionDate,
        AssociationStatus instanceStatus,
        AssociationDefinition definition,
        Instant nextDueDate) {

    public Association withNewVersion(AssociationDefinition next, Instant at, Instant nextDue) {
        return new Association(tenant, seq, associationId, latestVersion + 1, createdDate, at, overview,
                lastExecutionDate, lastSuccessfulExecutionDate, instanceStatus, next, nextDue);
    }
}
