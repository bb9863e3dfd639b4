package steward.association;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import steward.errors.ErrorCodes;
import steward.schedule.AssociationSchedule;
import steward.errors.SsmException;
import steward.storage.AssociationQuery;
import steward.storage.AssociationStore;
import steward.storage.AssociationStore.CreateOutcome;
import steward.tagging.ReservedTags;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/** Associations and their versions: the rules of create, describe, update and delete. */
public final class AssociationService {
    public static final int MAX_VERSIONS = 1_000;
    public static final int MAX_TAGS = 50;
    private static final String LATEST = "$LATEST";

    private final AssociationStore store;
    private final DefinitionValidator validator;
    private final InstantSource clock;
    private final int associationLimit;
    private volatile AssociationListener listener = AssociationListener.NONE;

    public AssociationService(AssociationStore store, DocumentRules documents, InstantSource clock, int associationLimit) {
        this.store = store;
        this.validator = new DefinitionValidator(documents);
        this.clock = clock;
        this.associationLimit = associationLimit;
    }

    public void listen(AssociationListener listener) {
        this.listener = listener;
    }

    public AssociationDescription create(Tenant tenant, AssociationDefinition definition, List<Tag> tags) {
        AssociationDefinition normalized = withDefaults(definition);
        validator.validate(tenant, normalized);
        ReservedTags.reject(tags, message -> new SsmException(ErrorCodes.INVALID_TAG, message));
        if (tags.size() > MAX_TAGS) {
            throw new SsmException(ErrorCodes.INVALID_TAG, "An association can have at most " + MAX_TAGS + " tags.");
        }
        Instant now = clock.instant();
        Association association = new Association(tenant, 0, UUID.randomUUID().toString(), 1, now, now,
                AssociationOverview.creating(), null, null,
                normalized.instanceId() == null ? null : new AssociationStatus(now, "Pending", "Associated with "
                        + normalized.name(), null), normalized, nextDue(normalized, now));
        CreateOutcome outcome = store.create(association, tags, associationLimit);
        switch (outcome) {
            case LIMIT_EXCEEDED -> throw new SsmException(ErrorCodes.ASSOCIATION_LIMIT_EXCEEDED,
                    "You can have at most " + associationLimit + " active associations.");
            case DUPLICATE_INSTANCE_ASSOCIATION -> throw new SsmException(ErrorCodes.ASSOCIATION_ALREADY_EXISTS,
                    "The association between " + normalized.name() + " and " + normalized.instanceId() + " already exists.");
            case CREATED -> listener.created(association);
        }
        return AssociationDescription.latest(association);
    }

    public AssociationDescription describe(Tenant tenant, String associationId, String version) {
        Association association = require(tenant, associationId);
        if (version == null || LATEST.equals(version) || version.equals(Integer.toString(association.latestVersion()))) {
            return AssociationDescription.latest(association);
        }
        AssociationVersion stored = parseVersion(version)
                .flatMap(v -> store.findVersion(tenant, associationId, v))
                .orElseThrow(() -> invalidVersion(version));
        return AssociationDescription.of(association, stored);
    }

    public AssociationDescription describeByInstance(Tenant tenant, String documentName, String instanceId) {
        return AssociationDescription.latest(requireByInstance(tenant, documentName, instanceId));
    }

    /**
     * Appends the next version. An explicit {@code AssociationVersion} that is no longer the
     * latest loses with InvalidAssociationVersion; with {@code $LATEST} or none, the update is
     * retried on the version that won, as AWS promises such an update succeeds.
     */
    public AssociationDescription update(Tenant tenant, String associationId, String expectedVersion,
                                         AssociationDefinition requested) {
        boolean explicit = expectedVersion != null && !LATEST.equals(expectedVersion);
        while (true) {
            Association current = require(tenant, associationId);
            if (explicit && !expectedVersion.equals(Integer.toString(current.latestVersion()))) {
                throw invalidVersion(expectedVersion);
            }
            AssociationDefinition next = withDefaults(carryIdentity(current.definition(), requested));
            validator.validate(tenant, next);
            if (current.latestVersion() >= MAX_VERSIONS) {
                throw new SsmException(ErrorCodes.ASSOCIATION_VERSION_LIMIT_EXCEEDED, "Association " + associationId
                        + " already has " + MAX_VERSIONS + " versions, the most an association can have.");
            }
            Instant now = clock.instant();
            Association updated = current.withNewVersion(next, now, nextDue(next, now));
            if (store.appendVersion(updated)) {
                listener.updated(updated);
                return AssociationDescription.latest(updated);
            }
            if (explicit) {
                // Another update committed first; the caller's view of the latest version is stale.
                require(tenant, associationId);
                throw invalidVersion(expectedVersion);
            }
        }
    }

    public void delete(Tenant tenant, String associationId) {
        Association association = require(tenant, associationId);
        if (!store.delete(tenant, associationId)) {
            throw doesNotExist(associationId);
        }
        listener.deleted(association);
    }

    public void deleteByInstance(Tenant tenant, String documentName, String instanceId) {
        Association association = requireByInstance(tenant, documentName, instanceId);
        delete(tenant, association.associationId());
    }

    /**
     * UpdateAssociationStatus: the legacy status of a Name + InstanceId association. The same
     * status name and message again is StatusUnchanged.
     */
    public AssociationDescription updateInstanceStatus(Tenant tenant, String documentName, String instanceId,
                                                       AssociationStatus status) {
        return updateInstanceStatus(tenant, documentName, instanceId, status, association -> false);
    }

    /**
     * UpdateAssociationStatus for a Name + InstanceId association or, failing that, for the
     * first association (oldest first) of that document whose targets select the node, as AWS
     * accepts for target-based associations.
     */
    public AssociationDescription updateInstanceStatus(Tenant tenant, String documentName, String instanceId,
                                                       AssociationStatus status,
                                                       java.util.function.Predicate<Association> targetsNode) {
        Association association = store.findByInstance(tenant, documentName, instanceId)
                .or(() -> findTargeting(tenant, documentName, targetsNode))
                .orElseGet(() -> requireByInstance(tenant, documentName, instanceId));
        AssociationStatus current = association.instanceStatus();
        if (current != null && current.name().equals(status.name()) && current.message().equals(status.message())) {
            throw new SsmException("StatusUnchanged", "The association is already in status " + status.name() + ".");
        }
        if (!store.setInstanceStatus(tenant, association.associationId(), status)) {
            throw doesNotExist(association.associationId());
        }
        return AssociationDescription.latest(require(tenant, association.associationId()));
    }

    /** One page of associations after {@code afterSeq}; one more than asked tells whether more remain. */
    public List<Association> list(Tenant tenant, AssociationQuery query, long afterSeq, int limit) {
        return store.list(tenant, query, afterSeq, limit);
    }

    public List<AssociationVersion> listVersions(Tenant tenant, String associationId, int afterVersion, int limit) {
        require(tenant, associationId);
        return store.listVersions(tenant, associationId, afterVersion, limit);
    }

    /**
     * The DocumentVersion ($DEFAULT, $LATEST or a number) of every association of the tenant
     * that names one of {@code documentNames} (a document may be named by name or by ARN).
     */
    public List<String> documentVersionsInUse(Tenant tenant, List<String> documentNames) {
        List<String> versions = new java.util.ArrayList<>();
        for (String documentName : documentNames) {
            AssociationQuery query = new AssociationQuery(null, documentName, null, null, null, null, null, null);
            long after = 0;
            List<Association> page;
            do {
                page = store.list(tenant, query, after, 500);
                for (Association a : page) {
                    versions.add(a.definition().documentVersion() == null ? "$DEFAULT" : a.definition().documentVersion());
                    after = a.seq();
                }
            } while (page.size() == 500);
        }
        return versions;
    }

    public Optional<Association> find(Tenant tenant, String associationId) {
        return store.find(tenant, associationId);
    }

    /** Throws AssociationDoesNotExist unless the tenant has the association. */
    public void requireExists(Tenant tenant, String associationId) {
        if (!store.exists(tenant, associationId)) {
            throw doesNotExist(associationId);
        }
    }

    public Association require(Tenant tenant, String associationId) {
        return store.find(tenant, associationId).orElseThrow(() -> doesNotExist(associationId));
    }

    private Optional<Association> findTargeting(Tenant tenant, String documentName,
                                               java.util.function.Predicate<Association> targetsNode) {
        String name = steward.document.DocumentArn.nameOf(documentName);
        long after = 0;
        List<Association> page;
        do {
            page = store.list(tenant, steward.storage.AssociationQuery.ALL, after, 500);
            for (Association association : page) {
                var d = association.definition();
                if (d.instanceId() == null && name.equals(steward.document.DocumentArn.nameOf(d.name()))
                        && targetsNode.test(association)) {
                    return Optional.of(association);
                }
                after = association.seq();
            }
        } while (page.size() == 500);
        return Optional.empty();
    }

    private Association requireByInstance(Tenant tenant, String documentName, String instanceId) {
        return store.findByInstance(tenant, documentName, instanceId).orElseThrow(() -> new SsmException(
                ErrorCodes.ASSOCIATION_DOES_NOT_EXIST, "There is no association of document " + documentName
                + " with instance " + instanceId + "."));
    }

    /**
     * UpdateAssociation replaces every optional member with what the request says (AWS clears
     * what is left out), but an association keeps its document and its targets when the
     * request does not name new ones: without them it could not run at all.
     */
    private static AssociationDefinition carryIdentity(AssociationDefinition current, AssociationDefinition r) {
        if (current.instanceId() != null && (r.hasTargets() || r.targetMaps() != null)) {
            throw new SsmException("InvalidUpdate", "An association created with InstanceId can't be given Targets or TargetMaps.");
        }
        boolean newTargets = r.hasTargets() || r.targetMaps() != null;
        return new AssociationDefinition(r.name() != null ? r.name() : current.name(), r.documentVersion(),
                current.instanceId(), r.parameters(), newTargets ? r.targets() : current.targets(),
                r.scheduleExpression(), r.outputLocation(), r.associationName(), r.automationTargetParameterName(),
                r.maxErrors(), r.maxConcurrency(), r.complianceSeverity(), r.syncCompliance(),
                r.applyOnlyAtCronInterval(), r.calendarNames(), r.targetLocations(), r.scheduleOffset(), r.duration(),
                newTargets ? r.targetMaps() : current.targetMaps(), r.alarmConfiguration(),
                r.associationDispatchAssumeRole());
    }

    /**
     * When the schedule fires first, counted from {@code now}: a create or an update starts the
     * schedule afresh, so a rate runs every N from that moment.
     */
    private static Instant nextDue(AssociationDefinition d, Instant now) {
        return AssociationSchedule.validate(d.scheduleExpression(), d.applyOnlyAtCronInterval(), d.scheduleOffset())
                .nextDueAfter(now, now).orElse(null);
    }

    /** The values AWS reports for members the request left out. */
    private static AssociationDefinition withDefaults(AssociationDefinition d) {
        return new AssociationDefinition(d.name(), d.documentVersion() == null && d.instanceId() == null ? "$DEFAULT"
                : d.documentVersion(), d.instanceId(), d.parameters(), d.targets(), d.scheduleExpression(),
                d.outputLocation(), d.associationName(), d.automationTargetParameterName(), d.maxErrors(),
                d.maxConcurrency(), d.complianceSeverity(), d.syncCompliance(),
                Boolean.TRUE.equals(d.applyOnlyAtCronInterval()), d.calendarNames(), d.targetLocations(),
                d.scheduleOffset(), d.duration(), d.targetMaps(), d.alarmConfiguration(), d.associationDispatchAssumeRole());
    }

    private static Optional<Integer> parseVersion(String version) {
        try {
            return Optional.of(Integer.parseInt(version));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static SsmException invalidVersion(String version) {
        return new SsmException(ErrorCodes.INVALID_ASSOCIATION_VERSION, "Association version " + version
                + " is not valid. Use ListAssociationVersions to view all versions of the association, or $LATEST.");
    }

    public static SsmException doesNotExist(String associationId) {
        return new SsmException(ErrorCodes.ASSOCIATION_DOES_NOT_EXIST, "Association " + associationId + " does not exist.");
    }
}
