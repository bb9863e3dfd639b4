package steward.node;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a simulated node's runs do: end with {@code status} after {@code durationMillis}, with
 * {@code exitCode} (0 for Success and 1 for Failed unless set), and {@code stdout} and
 * {@code stderr} as their output. An {@code offline} node takes no command at all, so each
 * ends DeliveryTimedOut once its delivery timeout passes.
 */
public record NodeBehavior(String status, long durationMillis, Integer exitCode, String stdout, String stderr,
                           @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean offline) {
    public static final NodeBehavior SUCCEED_AT_ONCE = new NodeBehavior("Success", 0);

    public NodeBehavior(String status, long durationMillis) {
        this(status, durationMillis, null, null, null, false);
    }

    /** The exit code the node reports: the one set, else what its status implies. */
    public int effectiveExitCode() {
        if (exitCode != null) {
            return exitCode;
        }
        return switch (status) {
            case "Success" -> 0;
            case "TimedOut" -> -1;
            default -> 1;
        };
    }
}
