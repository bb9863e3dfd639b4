package steward.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import steward.association.AlarmStateInformation;
import steward.command.Command;
import steward.command.CommandState;
import steward.command.CommandStatus;
import steward.command.Invocation;
import steward.metrics.Metrics;
import steward.tenant.Tenant;

/**
 * Counts commands as the store records their final status, as {@link MeteredExecutionStore}
 * does for runs: after the write succeeded, so the metric never claims more than ListCommands
 * shows. A command ends through {@link #finish}, or through {@link #updateCommand} with a final
 * state when it never had a node to send to.
 */
public final class MeteredCommandStore implements CommandStore {
    private final CommandStore store;
    private final Metrics metrics;

    public MeteredCommandStore(CommandStore store, Metrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public List<Command> insert(List<Command> commands, List<Invocation> invocations) {
        return store.insert(commands, invocations);
    }

    @Override
    public void updateInvocation(Invocation invocation, CommandState commandState) {
        store.updateInvocation(invocation, commandState);
    }

    @Override
    public void updateInvocations(List<Invocation> invocations, String commandId, CommandState commandState) {
        store.updateInvocations(invocations, commandId, commandState);
    }

    @Override
    public void finish(String commandId, List<Invocation> ended, CommandState state,
                       List<AlarmStateInformation> triggeredAlarms) {
        store.finish(commandId, ended, state, triggeredAlarms);
        metrics.commandFinished(state.status());
    }

    @Override
    public void updateCommand(String commandId, CommandState state, List<AlarmStateInformation> triggeredAlarms) {
        store.updateCommand(commandId, state, triggeredAlarms);
        if (state.endedAt() != null && CommandStatus.isFinal(state.status())) {
            metrics.commandFinished(state.status());
        }
    }

    @Override
    public Optional<Command> find(Tenant tenant, String commandId) {
        return store.find(tenant, commandId);
    }

    @Override
    public Optional<Invocation> invocation(Tenant tenant, String commandId, String instanceId) {
        return store.invocation(tenant, commandId, instanceId);
    }

    @Override
    public List<Command> commands(Tenant tenant, Query query, Long beforeSeq, int limit) {
        return store.commands(tenant, query, beforeSeq, limit);
    }

    @Override
    public List<Invocation> invocations(Tenant tenant, Query query, InvocationPosition after, int limit) {
        return store.invocations(tenant, query, after, limit);
    }

    @Override
    public List<Invocation> invocationsOf(Tenant tenant, String commandId) {
        return store.invocationsOf(tenant, commandId);
    }

    @Override
    public List<Command> inFlight() {
        return store.inFlight();
    }

    @Override
    public int renewLeases(String owner, Instant until) {
        return store.renewLeases(owner, until);
    }

    @Override
    public List<Command> expiredLeases(Instant now, int limit) {
        return store.expiredLeases(now, limit);
    }

    @Override
    public boolean takeOver(String commandId, String owner, Instant now, Instant until) {
        return store.takeOver(commandId, owner, now, until);
    }

    @Override
    public void releaseLeases(String owner) {
        store.releaseLeases(owner);
    }

    @Override
    public java.util.Map<String, String> leaseOwners(java.util.Collection<String> commandIds) {
        return store.leaseOwners(commandIds);
    }

    @Override
    public void requestCancel(String commandId, List<String> instanceIds, Instant at) {
        store.requestCancel(commandId, instanceIds, at);
    }

    @Override
    public List<CancelRequest> cancelRequests(String owner) {
        return store.cancelRequests(owner);
    }

    @Override
    public void cancelRequestsDone(List<CancelRequest> done) {
        store.cancelRequestsDone(done);
    }

    @Override
    public int prune(Instant cutoff, int limit) {
        return store.prune(cutoff, limit);
    }
}
