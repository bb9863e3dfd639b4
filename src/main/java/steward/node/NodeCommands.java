package steward.node;

import java.util.concurrent.CompletableFuture;

/**
 * How the runner reaches a node. Simulated nodes and real agents implement the same
 * contract, so the runner never knows which kind it talks to.
 */
public interface NodeCommands {
    CompletableFuture<CommandResult> send(ManagedNode node, NodeCommand command);
}
