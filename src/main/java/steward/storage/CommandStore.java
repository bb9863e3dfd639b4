package steward.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import steward.association.AlarmStateInformation;
import steward.command.Command;
import steward.command.CommandState;
import steward.command.Invocation;
import steward.tenant.Tenant;

/**
 * Commands and their invocations. Reads are keyset-paged, newest command first; every write
 * that changes an invocation also writes its command's status and counts, in one transaction,
 * so ListCommands and ListCommandInvocations never disagree.
 */
public interface CommandStore {
    /**
     * Filters, all optional and ANDed. {@code statuses} match a Status or a StatusDetails value;
     * {@code executing} true selects running commands (ExecutionStage Executing), false finished ones.
     * {@code includeAssociationRuns} lets association targets' commands through (only when asked by id).
     */
    record Query(String commandId, String instanceId, Instant invokedAfter, Instant invokedBefore, List<String> statuses,
                 Boolean executing, String documentName, boolean includeAssociationRuns) {
        public Query {
            statuses = statuses == null ? List.of() : List.copyOf(statuses);
        }
    }

    /** A keyset position in ListCommandInvocations' order: command newest first, then instance id. */
    record InvocationPosition(long commandSeq, String instanceId) {
    }

    /** Stores commands with their invocations, Pending, in one transaction; returns the commands with their seq. */
    List<Command> insert(List<Command> commands, List<Invocation> invocations);

    /** Writes an invocation's new state and its command's state in one transaction. */
    void updateInvocation(Invocation invocation, CommandState commandState);

    /** Writes several invocations' states and their command's state in one transaction. */
    void updateInvocations(List<Invocation> invocations, String commandId, CommandState commandState);

    /**
     * Ends a command in one transaction: the invocations it ended itself, its final state and
     * the alarms that stopped it (null: none), so no reader sees the end without its reasons.
     */
    void finish(String commandId, List<Invocation> ended, CommandState state, List<AlarmStateInformation> triggeredAlarms);

    /** Writes a command's state; {@code triggeredAlarms} may be null. */
    void updateCommand(String commandId, CommandState state, List<AlarmStateInformation> triggeredAlarms);

    Optional<Command> find(Tenant tenant, String commandId);

    Optional<Invocation> invocation(Tenant tenant, String commandId, String instanceId);

    /** Commands newest first, with seq below {@code beforeSeq} when given. */
    List<Command> commands(Tenant tenant, Query query, Long beforeSeq, int limit);

    /** Invocations, newest command first then by instance id, strictly after {@code after} when given. */
    List<Invocation> invocations(Tenant tenant, Query query, InvocationPosition after, int limit);

    /** Every invocation of a command, by instance id. */
    List<Invocation> invocationsOf(Tenant tenant, String commandId);

    /** Commands of every tenant still running: after a crash, the ones to end. */
    List<Command> inFlight();

    // Leases (see steward.storage.Lease): which server runs a SendCommand's command in flight.
    // insert stamps the store's own lease on the Run Command commands it stores; an association
    // target's command belongs to its run.

    /** Extends every lease {@code owner} holds on commands in flight to {@code until}; returns how many. */
    int renewLeases(String owner, Instant until);

    /** Run Command commands in flight whose lease ran out before {@code now}, or that never had one, oldest first. */
    List<Command> expiredLeases(Instant now, int limit);

    /** Takes over a command in flight whose lease ran out before {@code now}: exactly one racing caller gets true. */
    boolean takeOver(String commandId, String owner, Instant now, Instant until);

    /** Ends at once every lease {@code owner} holds. */
    void releaseLeases(String owner);

    /** The server whose lease each of these commands in flight is under (ended or unowned ones are left out). */
    Map<String, String> leaseOwners(java.util.Collection<String> commandIds);

    /** A CancelCommand for a command another server runs; {@code instanceId} null for the whole command. */
    record CancelRequest(String commandId, String instanceId) {
    }

    /** Records cancel requests for the command's owner to act on; {@code instanceIds} null for the whole command. */
    void requestCancel(String commandId, List<String> instanceIds, Instant at);

    /** The cancel requests for commands {@code owner} holds the lease of. */
    List<CancelRequest> cancelRequests(String owner);

    /** Forgets cancel requests that were acted on. */
    void cancelRequestsDone(List<CancelRequest> done);

    /** Deletes up to {@code limit} commands that ended before {@code cutoff}, with their invocations; returns how many. */
    int prune(Instant cutoff, int limit);
}
