package steward.command;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.storage.CommandStore;

/**
 * Ends honestly, at the next start, every command a crash left running (association targets'
 * commands too). Steward cannot know what a node did meanwhile, so it says so: an invocation the
 * node had not started ends {@code Failed/Undeliverable}, one it was running ends
 * {@code TimedOut/ExecutionTimedOut}, one being cancelled ends {@code Cancelled}; each with a
 * line in StandardErrorContent that names the restart. The command then ends as its
 * invocations add up.
 */
public final class InterruptedCommands {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedCommands.class);
    static final String UNSTARTED_NOTE = "Steward restarted before this command was delivered to the node.";
    static final String STARTED_NOTE = "Steward restarted while the node ran this command; its result is unknown.";

    private final CommandStore store;
    private final InstantSource clock;

    public InterruptedCommands(CommandStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public int finishAll() {
        List<Command> interrupted = store.inFlight();
        for (Command command : interrupted) {
            finish(command);
        }
        if (!interrupted.isEmpty()) {
            LOG.info("ended {} commands interrupted by a restart", interrupted.size());
        }
        return interrupted.size();
    }

    private void finish(Command command) {
        Instant now = clock.instant();
        List<Invocation> all = new ArrayList<>(store.invocationsOf(command.tenant(), command.commandId()));
        List<Invocation> ended = new ArrayList<>();
        for (int n = 0; n < all.size(); n++) {
            Invocation i = all.get(n);
            Invocation end = switch (i.status()) {
                case CommandStatus.PENDING, CommandStatus.DELAYED -> end(i, CommandStatus.FAILED,
                        CommandStatus.UNDELIVERABLE, UNSTARTED_NOTE, now);
                case CommandStatus.IN_PROGRESS -> end(i, CommandStatus.TIMED_OUT, CommandStatus.EXECUTION_TIMED_OUT,
                        STARTED_NOTE, now);
                case CommandStatus.CANCELLING -> end(i, CommandStatus.CANCELLED, CommandStatus.CANCELLED, "", now);
                default -> null;
            };
            if (end != null) {
                all.set(n, end);
                ended.add(end);
            }
        }
        CommandDefinition d = command.definition();
        boolean cancelled = CommandStatus.CANCELLING.equals(command.state().status());
        CommandState state = CommandOutcome.finished(all, CommandOutcome.maxErrors(d.maxErrors(), all.size()), cancelled,
                d.targets() != null && !d.targets().isEmpty(), null, now);
        store.finish(command.commandId(), ended, state, command.triggeredAlarms());
    }

    private static Invocation end(Invocation i, String status, String details, String note, Instant at) {
        String stderr = note.isEmpty() ? i.standardError()
                : i.standardError().isEmpty() ? note : i.standardError() + "\n" + note;
        return i.ended(status, details, i.responseCode(), i.startedAt(), at, i.standardOutput(),
                OutputLimits.cut(stderr, OutputLimits.STANDARD_ERROR),
                InvocationResults.pluginsEnded(i, status, details, at));
    }
}
