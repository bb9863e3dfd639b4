package steward.node;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Commands to simulated nodes: each ends as the node's behavior says, after its duration, with
 * the behavior's exit code and output. The behavior is read from the directory when the command
 * is sent, so a changed behavior applies to the next run, not to runs already under way.
 *
 * <p>One timer thread holds every pending command; when one is due, its future is completed on
 * a virtual thread, so whatever the caller chained to it cannot delay the other timers.
 *
 * <p>An online simulated node starts every command at once. A {@code TimedOut} behavior, or a
 * duration past the command's executionTimeout, ends {@code TimedOut/ExecutionTimedOut}: the
 * run started and exceeded its time. An offline node never starts a command, which the runner
 * ends {@code DeliveryTimedOut}. A node that is not simulated (a real agent, which this class
 * cannot reach) or no longer registered gets {@code Failed/Undeliverable}.
 */
public final class SimulatedNodeCommands implements NodeCommands, AutoCloseable {
    public static final CommandResult UNDELIVERABLE = CommandResult.withoutOutput("Failed", "Undeliverable");
    static final CommandResult CANCELLED = CommandResult.withoutOutput("Cancelled", "Cancelled");

    private record Pending(CompletableFuture<CommandResult> future, ScheduledFuture<?> timer) {
    }

    private final NodeDirectory nodes;
    private final InstantSource clock;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService completions = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public SimulatedNodeCommands(NodeDirectory nodes) {
        this(nodes, InstantSource.system());
    }

    /** {@code clock} stamps the start and end times the nodes report, as a real node's clock would. */
    public SimulatedNodeCommands(NodeDirectory nodes, InstantSource clock) {
        this.nodes = nodes;
        this.clock = clock;
        // Threads start on the first command, so an unused instance costs nothing.
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "simulated-node-commands");
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public CompletableFuture<CommandResult> send(ManagedNode node, NodeCommand command, Progress progress) {
        NodeBehavior behavior;
        try {
            behavior = nodes.find(node.tenant(), node.instanceId()).map(ManagedNode::behavior).orElse(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (behavior == null) {
            return CompletableFuture.completedFuture(UNDELIVERABLE);
        }
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        String key = key(node, command.commandId());
        if (behavior.offline()) {
            track(key, new Pending(future, null));
            return future;
        }
        java.time.Instant started = clock.instant();
        progress.started(started);
        long limit = command.executionTimeout().toMillis();
        boolean timesOut = "TimedOut".equals(behavior.status()) || behavior.durationMillis() > limit;
        long after = Math.min(behavior.durationMillis(), limit);
        try {
            ScheduledFuture<?> due = timer.schedule(() -> completeLater(future,
                    () -> result(behavior, command, timesOut, started)), after, TimeUnit.MILLISECONDS);
            track(key, new Pending(future, due));
        } catch (RejectedExecutionException closed) {
            future.cancel(false);
        }
        return future;
    }

    @Override
    public void cancel(ManagedNode node, String commandId) {
        Pending running = pending.remove(key(node, commandId));
        if (running != null) {
            if (running.timer() != null) {
                running.timer().cancel(false);
            }
            completeLater(running.future(), () -> CANCELLED);
        }
    }

    private CommandResult result(NodeBehavior behavior, NodeCommand command, boolean timesOut, java.time.Instant started) {
        java.time.Instant ended = clock.instant();
        String status = timesOut ? "TimedOut" : behavior.status();
        String details = timesOut ? "ExecutionTimedOut" : behavior.status();
        int exit = timesOut && behavior.exitCode() == null ? -1 : behavior.effectiveExitCode();
        String stdout = behavior.stdout() == null ? "" : behavior.stdout();
        String stderr = behavior.stderr() == null ? "" : behavior.stderr();
        List<PluginResult> plugins = new ArrayList<>();
        for (String name : command.pluginNames()) {
            plugins.add(new PluginResult(name, status, details, exit, stdout, stderr, started, ended));
        }
        return new CommandResult(status, details, exit, stdout, stderr, plugins, started, ended);
    }

    private void track(String key, Pending entry) {
        pending.put(key, entry);
        entry.future().whenComplete((r, e) -> pending.remove(key, entry));
    }

    private static String key(ManagedNode node, String commandId) {
        return node.tenant().accountId() + "/" + node.tenant().region() + "/" + node.instanceId() + "/" + commandId;
    }

    private void completeLater(CompletableFuture<CommandResult> future, java.util.function.Supplier<CommandResult> result) {
        try {
            completions.execute(() -> future.complete(result.get()));
        } catch (RejectedExecutionException closed) {
            future.cancel(false);
        }
    }

    /** Stops the timers; commands still running are cancelled, so no caller waits forever. */
    @Override
    public void close() {
        timer.shutdownNow();
        completions.shutdown();
        for (Pending p : pending.values()) {
            p.future().cancel(false);
        }
    }
}
