package steward.node;

import java.util.List;
import steward.errors.SsmException;

/** The behaviors a simulated node can have. */
public final class NodeBehaviors {
    public static final List<String> STATUSES = List.of("Success", "Failed", "TimedOut");
    /** Run Command's longest execution timeout (48 hours); a run that takes longer is no simulation of anything. */
    public static final long MAX_DURATION_MILLIS = 48L * 60 * 60 * 1000;
    /** Well past what AWS keeps of an invocation's output (24,000 characters), so cutting can be seen. */
    public static final int MAX_OUTPUT_CHARS = 100_000;

    private NodeBehaviors() {
    }

    public static void check(NodeBehavior behavior) {
        if (behavior.status() == null) {
            throw SsmException.validation("Behavior.Status is required: use one of " + String.join(", ", STATUSES) + ".");
        }
        if (!STATUSES.contains(behavior.status())) {
            throw SsmException.validation("Behavior.Status " + behavior.status() + " is not valid: use one of "
                    + String.join(", ", STATUSES) + ".");
        }
        if (behavior.durationMillis() < 0 || behavior.durationMillis() > MAX_DURATION_MILLIS) {
            throw SsmException.validation("Behavior.DurationMillis must be between 0 and " + MAX_DURATION_MILLIS + ".");
        }
        Integer exit = behavior.exitCode();
        if (exit != null && "Success".equals(behavior.status()) != (exit == 0)) {
            throw SsmException.validation("Behavior.ExitCode " + exit + " does not fit Behavior.Status "
                    + behavior.status() + ": Success exits 0, Failed and TimedOut exit non-zero.");
        }
        checkText("Behavior.Stdout", behavior.stdout());
        checkText("Behavior.Stderr", behavior.stderr());
    }

    private static void checkText(String member, String text) {
        if (text != null && text.length() > MAX_OUTPUT_CHARS) {
            throw SsmException.validation(member + " must be at most " + MAX_OUTPUT_CHARS + " characters.");
        }
    }
}
