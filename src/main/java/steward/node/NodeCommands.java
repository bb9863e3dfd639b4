package steward.node;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * How the runner reaches a node. Simulated nodes and real agents implement the same contract,
 * so the runner (Run Command and association runs alike) never knows which kind it talks to.
 *
 * <h2>The contract</h2>
 * <ul>
 *   <li>{@link #send} hands one {@link NodeCommand} to the node and returns at once; it never
 *       blocks on the node. The returned future completes exactly once, with the node's
 *       {@link CommandResult}, whenever the node reports it (an agent reports asynchronously,
 *       minutes or days later). It may complete exceptionally only for a failure of Steward's
 *       own (a store error); a node that cannot be reached is a result ({@code Failed/Undeliverable}).</li>
 *   <li>When the node has received the command and started it, the implementation calls
 *       {@link Progress#started} once (an agent's acknowledgement): the invocation moves from
 *       Pending to InProgress then. A node that has not started the command by
 *       {@link NodeCommand#deliverBy} is ended {@code DeliveryTimedOut} by the runner, which then
 *       calls {@link #cancel}; a node that started it but never reports is ended
 *       {@code ExecutionTimedOut} by the runner after {@link NodeCommand#executionTimeout}. So
 *       the runner never waits forever, and an implementation need not keep its own timers.</li>
 *   <li>{@link #cancel} asks the node to stop the command (CancelCommand, a deleted association,
 *       the runner's time-outs). It returns at once; the node stops the command if it still runs
 *       and completes the future with {@code Cancelled/Cancelled}, or with the command's real end
 *       if it finished first; a command the node never received completes Cancelled too, so no
 *       future is left pending. Cancelling a finished or unknown command does nothing. The runner
 *       does not wait for the future after its own time-outs.</li>
 *   <li>Results that arrive after the runner has ended the invocation (a late report after a
 *       time-out, or after a restart of Steward) are ignored by the runner; an implementation
 *       may drop them.</li>
 *   <li>Every method is thread-safe and may be called from any thread; the implementation
 *       completes futures off its I/O threads, since the runner writes to the store in them.</li>
 * </ul>
 */
public interface NodeCommands {
    /** What the node tells the runner before its result. */
    interface Progress {
        /** The node received the command and started it, at {@code at}. Called at most once. */
        void started(Instant at);

        Progress NONE = at -> { };
    }

    /** What {@link #resume} gives for a command whose fate died with the server that ran it. */
    String LOST_NOTE = "The Steward server running this command stopped before the node reported; its result is unknown.";
    CommandResult LOST = new CommandResult("TimedOut", "ExecutionTimedOut", -1, "", LOST_NOTE, java.util.List.of(),
            null, null);

    CompletableFuture<CommandResult> send(ManagedNode node, NodeCommand command, Progress progress);

    /**
     * Picks up a command that another server sent (or was about to send) before it stopped, for
     * the server that took its run or command over. The node is never sent the command twice:
     * what the node still has is adopted, and the future completes with the node's result
     * whenever it reports, exactly as for {@link #send} ({@code progress} hears the start, at
     * once if the node had already started it); a command the node provably never received may
     * be sent now; a command whose fate died with the other server (a simulated node's run lives
     * in its server's memory) completes with {@link #LOST} at once, which is the default.
     */
    default CompletableFuture<CommandResult> resume(ManagedNode node, NodeCommand command, Progress progress) {
        return CompletableFuture.completedFuture(LOST);
    }

    void cancel(ManagedNode node, String commandId);
}
