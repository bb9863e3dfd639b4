package steward.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import steward.association.AlarmStateInformation;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionQuery;
import steward.execution.ExecutionTarget;
import steward.execution.InstanceAssociationStatus;
import steward.tenant.Tenant;

/** The run history. Reads are keyset-paged; nothing here scans by offset. */
public interface ExecutionStore {
    /** A keyset position in the newest-first order of runs. */
    record Position(long createdMillis, long seq) {
    }

    /** Filters on targets, all optional, combined with AND. */
    record TargetQuery(String status, String resourceId, String resourceType) {
    }

    /**
     * Stores a new run with its targets and returns it with its {@code seq}; empty when the
     * association was deleted meanwhile, or when a run for the same scheduled due time exists.
     */
    default Optional<AssociationExecution> start(AssociationExecution execution, List<ExecutionTarget> targets) {
        return start(execution, targets, true);
    }

    /** As {@link #start(AssociationExecution, List)}; {@code fullRun} false for a run on one node that just appeared. */
    Optional<AssociationExecution> start(AssociationExecution execution, List<ExecutionTarget> targets, boolean fullRun);

    /** A scheduled run to store, and the association's schedule to move from {@code due} to {@code nextDue}. */
    record ScheduledStart(AssociationExecution execution, Instant due, Instant nextDue) {
    }

    /**
     * Fires due times in one transaction: for each, stores its run unless one exists for that
     * due time, and moves the association's next due time on unless another process already
     * did. Returns the runs this call created.
     */
    List<AssociationExecution> startScheduled(List<ScheduledStart> starts);

    /**
     * Imports finished runs in one transaction, without the per-run checks of {@link #start}:
     * for loading history (benchmarks, migrations) into associations known to exist.
     */
    void importRuns(List<AssociationExecution> runs);

    /** Adds the targets a run resolved after it was created, with the run's counts. */
    void addTargets(AssociationExecution execution, List<ExecutionTarget> targets, String resourceCountByStatus);

    /** Moves a run's own status; {@code triggeredAlarms} may be null. */
    void updateRun(String executionId, String status, String detailedStatus, Instant lastExecutionDate,
                   String resourceCountByStatus, List<AlarmStateInformation> triggeredAlarms);

    /**
     * Records a target's new state, the run's counts, and (when the target's status is final)
     * the node's latest status for the association, in one transaction.
     */
    void updateTarget(AssociationExecution execution, ExecutionTarget target, String resourceCountByStatus);

    Optional<AssociationExecution> find(Tenant tenant, String associationId, String executionId);

    /** Runs newest first (CreatedTime, then seq, descending), strictly after {@code after} when given. */
    List<AssociationExecution> page(Tenant tenant, String associationId, ExecutionQuery query, Position after, int limit);

    /** Targets of a run in resource id order, strictly after {@code afterResourceId} when given. */
    List<ExecutionTarget> targets(String executionId, TargetQuery query, String afterResourceId, int limit);

    /** Runs of every tenant still Pending or InProgress: after a crash, the ones to finish. */
    List<AssociationExecution> inFlight();

    // Leases (see Lease): which server runs a run in flight. start and startScheduled stamp the
    // store's own lease on the runs they create.

    /** Extends every lease {@code owner} holds on runs in flight to {@code until}; returns how many. */
    int renewLeases(String owner, Instant until);

    /** Runs in flight whose lease ran out before {@code now}, or that never had one, oldest first. */
    List<AssociationExecution> expiredLeases(Instant now, int limit);

    /**
     * Takes a run in flight whose lease ran out before {@code now} (or that has none) for
     * {@code owner} until {@code until}: of several servers racing for one run, exactly one gets true.
     */
    boolean takeOver(String executionId, String owner, Instant now, Instant until);

    /** For each of these associations that has full runs, the seq of its newest (see {@link #start}). */
    java.util.Map<String, Long> newestFullRuns(java.util.Collection<String> associationIds);

    /** Ends at once every lease {@code owner} holds, so other servers take its runs over without waiting. */
    void releaseLeases(String owner);

    /**
     * For each of these runs that exists: the server whose lease it is under while in flight, or
     * an empty string once it ended (or when it has no owner). A run left out does not exist any
     * more: its association was deleted.
     */
    java.util.Map<String, String> leaseOwners(java.util.Collection<String> executionIds);

    /** The node's latest status per association, in association id order after {@code afterAssociationId}. */
    List<InstanceAssociationStatus> instanceStatuses(Tenant tenant, String instanceId, String afterAssociationId, int limit);
}
