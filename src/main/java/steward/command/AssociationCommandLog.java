package steward.command;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.document.DocumentVersion;
import steward.execution.runner.AssociationInvocations;
import steward.execution.runner.Dispatch;
import steward.node.CommandResult;
import steward.node.ManagedNode;
import steward.node.NodeCommand;
import steward.storage.CommandStore;
import steward.tenant.Tenant;

/**
 * Association runs' side of Run Command: each target's command is a command of origin
 * Association with one invocation, under the target's OutputSourceId, so
 * GetCommandInvocation(CommandId=OutputSourceId, InstanceId=ResourceId) opens its output while
 * ListCommands leaves it out. A node that never starts the command ends DeliveryTimedOut after
 * the hour AWS gives a command by default.
 */
public final class AssociationCommandLog implements AssociationInvocations {
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(CommandRunner.DEFAULT_TIMEOUT_SECONDS);

    private final CommandStore store;
    private final Map<String, Invocation> open = new ConcurrentHashMap<>();

    public AssociationCommandLog(CommandStore store) {
        this.store = store;
    }

    @Override
    public NodeCommand command(Association association, DocumentVersion document, ManagedNode node, String commandId,
                               Instant requestedAt) {
        AssociationDefinition d = association.definition();
        String name = document != null ? document.name() : d.name();
        return new NodeCommand(commandId, association.associationId(), name, d.parameters(), document,
                CommandDocuments.pluginNames(document), CommandDocuments.executionTimeout(document, d.parameters()),
                requestedAt.plus(DELIVERY_TIMEOUT));
    }

    @Override
    public void opened(Association association, List<Dispatch.Target> targets, Instant at) {
        if (targets.isEmpty()) {
            return;
        }
        AssociationDefinition d = association.definition();
        List<Command> commands = new ArrayList<>();
        List<Invocation> invocations = new ArrayList<>();
        Tenant tenant = association.tenant();
        for (Dispatch.Target target : targets) {
            NodeCommand c = target.command();
            CommandDefinition definition = new CommandDefinition(null, d.parameters(), List.of(target.instanceId()),
                    List.of(), null, null, null, null, null, null, null, null, null, null,
                    c.executionTimeout().toSeconds());
            commands.add(new Command(tenant, 0, c.commandId(), Command.ASSOCIATION, association.associationId(),
                    c.documentName(), c.documentVersion() != null ? c.documentVersion() : d.documentVersion(), at,
                    c.deliverBy().plus(c.executionTimeout()),
                    CommandState.pending(1), definition, null));
            Invocation invocation = CommandRunner.pendingInvocation(tenant, c.commandId(), Command.ASSOCIATION,
                    target.node(), at, c.pluginNames());
            invocations.add(invocation);
            open.put(c.commandId(), invocation);
        }
        store.insert(commands, invocations);
    }

    @Override
    public void reopened(List<Dispatch.Target> targets) {
        for (Dispatch.Target target : targets) {
            String commandId = target.command().commandId();
            store.invocation(target.node().tenant(), commandId, target.instanceId())
                    .filter(i -> !CommandStatus.isFinal(i.status()))
                    .ifPresent(i -> open.put(commandId, i));
        }
    }

    @Override
    public void started(Dispatch.Target target, Instant at) {
        Invocation current = open.get(target.command().commandId());
        if (current == null) {
            return;
        }
        Invocation started = current.ended(CommandStatus.IN_PROGRESS, CommandStatus.IN_PROGRESS, -1, at, null, "", "",
                InvocationResults.pluginsIn(current, CommandStatus.IN_PROGRESS));
        open.put(current.commandId(), started);
        store.updateInvocation(started, CommandOutcome.running(List.of(started), true, false));
    }

    @Override
    public void ended(Dispatch.Target target, CommandResult result, Instant at) {
        Invocation current = open.remove(target.command().commandId());
        if (current == null) {
            return;
        }
        Invocation ended = InvocationResults.ended(current, result, at);
        store.updateInvocation(ended, CommandOutcome.finished(List.of(ended), 0, false, false, null, at));
    }
}
