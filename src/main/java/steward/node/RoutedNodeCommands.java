package steward.node;

import java.util.concurrent.CompletableFuture;

/** Simulated nodes get simulated runs; every other node is an agent's and gets real messages. */
public final class RoutedNodeCommands implements NodeCommands {
    private final NodeCommands simulated;
    private final NodeCommands agents;

    public RoutedNodeCommands(NodeCommands simulated, NodeCommands agents) {
        this.simulated = simulated;
        this.agents = agents;
    }

    @Override
    public CompletableFuture<CommandResult> send(ManagedNode node, NodeCommand command, Progress progress) {
        return node.simulated() ? simulated.send(node, command, progress) : agents.send(node, command, progress);
    }

    @Override
    public CompletableFuture<CommandResult> resume(ManagedNode node, NodeCommand command, Progress progress) {
        return node.simulated() ? simulated.resume(node, command, progress) : agents.resume(node, command, progress);
    }

    @Override
    public void cancel(ManagedNode node, String commandId) {
        if (node.simulated()) {
            simulated.cancel(node, commandId);
        } else {
            agents.cancel(node, commandId);
        }
    }
}
