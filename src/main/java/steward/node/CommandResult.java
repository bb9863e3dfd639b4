package steward.node;

import java.time.Instant;
import java.util.List;

/**
 * How a command ended on a node: the invocation's final Status and StatusDetails, its exit
 * code and output, and each step's own result. The runner stores what AWS stores: the first
 * 24,000 characters of standard output, the first 8,000 of standard error, 2,500 of each
 * plugin's Output; an implementation may report the whole text.
 *
 * <p>Status / statusDetails pairs, as AWS reports them:
 * {@code Success/Success}, {@code Failed/Failed} (a step exited non-zero),
 * {@code TimedOut/ExecutionTimedOut} (the node ran past executionTimeout),
 * {@code Cancelled/Cancelled} (after {@link NodeCommands#cancel}),
 * {@code Failed/Undeliverable} (the node does not exist or cannot take commands),
 * {@code Failed/InvalidPlatform} (the document does not run on the node's platform).
 * {@code TimedOut/DeliveryTimedOut} is the runner's own verdict, never a node's.
 *
 * @param responseCode the exit code of the invocation (the last step that ran); -1 when none ran
 * @param startedAt when the node started the command (null if it never did); {@code endedAt} when it ended
 */
public record CommandResult(String status, String statusDetails, int responseCode, String standardOutput,
                            String standardError, List<PluginResult> plugins, Instant startedAt, Instant endedAt) {
    public CommandResult {
        standardOutput = standardOutput == null ? "" : standardOutput;
        standardError = standardError == null ? "" : standardError;
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
    }

    /** A result without output or exit code (-1): statuses alone, as a node reports them when it has nothing else. */
    public CommandResult(String status, String statusDetails) {
        this(status, statusDetails, -1, "", "", List.of(), null, null);
    }

    /** A result that carries no output: the node never ran the command. */
    public static CommandResult withoutOutput(String status, String statusDetails) {
        return new CommandResult(status, statusDetails, -1, "", "", List.of(), null, null);
    }
}
