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
    public CompletableFuture<CommandResult> send(ManagedNode node, NodeCommand command) {
        return node.simulated() ? simulated.send(node, command) : agents.send(node, command);
    }
}
