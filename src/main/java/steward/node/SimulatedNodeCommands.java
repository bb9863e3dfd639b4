package steward.node;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Commands to simulated nodes: each ends as the node's behavior says, after its duration.
 * The behavior is read from the directory when the command is sent, so a changed behavior
 * applies to the next run, not to runs already under way.
 *
 * <p>One timer thread holds every pending command; when one is due, its future is completed on
 * a virtual thread, so whatever the caller chained to it cannot delay the other timers.
 *
 * <p>A {@code TimedOut} behavior ends with detailed status {@code ExecutionTimedOut}: a simulated
 * node is always online and picks its command up, so the run started and exceeded its time,
 * which is what AWS calls ExecutionTimedOut ({@code DeliveryTimedOut} is for a command no agent
 * ever received). A node that is not simulated (a real agent, which Steward cannot reach yet)
 * or no longer registered gets Failed / {@code Undeliverable}, AWS's word for a node it cannot
 * deliver to.
 */
public final class SimulatedNodeCommands implements NodeCommands, AutoCloseable {
    public static final CommandResult SUCCESS = new CommandResult("Success", "Success");
    public static final CommandResult FAILED = new CommandResult("Failed", "Failed");
    public static final CommandResult TIMED_OUT = new CommandResult("TimedOut", "ExecutionTimedOut");
    public static final CommandResult UNDELIVERABLE = new CommandResult("Failed", "Undeliverable");

    private final NodeDirectory nodes;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService completions = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<CompletableFuture<CommandResult>> pending = ConcurrentHashMap.newKeySet();

    public SimulatedNodeCommands(NodeDirectory nodes) {
        this.nodes = nodes;
        // Threads start on the first command, so an unused instance costs nothing.
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "simulated-node-commands");
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public CompletableFuture<CommandResult> send(ManagedNode node, NodeCommand command) {
        NodeBehavior behavior;
        try {
            behavior = nodes.find(node.tenant(), node.instanceId()).map(ManagedNode::behavior).orElse(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (behavior == null) {
            return CompletableFuture.completedFuture(UNDELIVERABLE);
        }
        CommandResult result = resultOf(behavior.status());
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        pending.add(future);
        future.whenComplete((r, e) -> pending.remove(future));
        try {
            timer.schedule(() -> completeLater(future, result), behavior.durationMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            future.cancel(false);
        }
        return future;
    }

    static CommandResult resultOf(String status) {
        return switch (status) {
            case "Success" -> SUCCESS;
            case "TimedOut" -> TIMED_OUT;
            default -> FAILED;
        };
    }

    private void completeLater(CompletableFuture<CommandResult> future, CommandResult result) {
        try {
            completions.execute(() -> future.complete(result));
        } catch (RejectedExecutionException closed) {
            future.cancel(false);
        }
    }

    /** Stops the timers; commands still running are cancelled, so no caller waits forever. */
    @Override
    public void close() {
        timer.shutdownNow();
        completions.shutdown();
        for (CompletableFuture<CommandResult> future : pending) {
            future.cancel(false);
        }
    }
}
