package steward.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import steward.association.Association;
import steward.association.AssociationOverview;
import steward.association.AssociationStatus;
import steward.association.AssociationVersion;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/** Durable associations and their versions. Every method is scoped to one tenant. */
public interface AssociationStore {
    enum CreateOutcome { CREATED, DUPLICATE_INSTANCE_ASSOCIATION, LIMIT_EXCEEDED }

    /**
     * Stores a new association as version 1 with its tags, unless the tenant already has
     * {@code limit} associations or an association of the same document with the same legacy
     * InstanceId.
     */
    CreateOutcome create(Association association, List<Tag> tags, int limit);

    Optional<Association> find(Tenant tenant, String associationId);

    /** Whether the tenant has the association, without reading it: the history's hot path asks this. */
    boolean exists(Tenant tenant, String associationId);

    Optional<Association> findByInstance(Tenant tenant, String documentName, String instanceId);

    Optional<AssociationVersion> findVersion(Tenant tenant, String associationId, int version);

    /**
     * Appends {@code updated.latestVersion()} if the stored latest version is still
     * {@code updated.latestVersion() - 1}; false when another update won the race.
     */
    boolean appendVersion(Association updated);

    boolean delete(Tenant tenant, String associationId);

    /**
     * Records what a run did to the association's state. A null date leaves the stored one;
     * false when the association is gone.
     */
    boolean recordRun(Tenant tenant, String associationId, AssociationOverview overview, Instant lastExecutionDate,
                      Instant lastSuccessfulExecutionDate);

    /** Sets the legacy per-instance status (UpdateAssociationStatus); false when the association is gone. */
    boolean setInstanceStatus(Tenant tenant, String associationId, AssociationStatus status);

    /** Associations after {@code afterSeq} (exclusive) in insertion order. */
    List<Association> list(Tenant tenant, AssociationQuery query, long afterSeq, int limit);

    /** Associations of every tenant whose next due time is at or before {@code notAfter}, earliest first. */
    List<Association> due(Instant notAfter, int limit);

    /** The earliest next due time of any association, if any has one. */
    Optional<Instant> earliestDue();

    /** Versions after {@code afterVersion} (exclusive), oldest first. */
    List<AssociationVersion> listVersions(Tenant tenant, String associationId, int afterVersion, int limit);
}
