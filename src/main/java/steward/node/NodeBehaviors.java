package steward.node;

import java.util.List;
import steward.errors.SsmException;

/** The behaviors a simulated node can have. */
public final class NodeBehaviors {
    public static final List<String> STATUSES = List.of("Success", "Failed", "TimedOut");
    /** Run Command's longest execution timeout (48 hours); a run that takes longer is no simulation of anything. */
    public static final long MAX_DURATION_MILLIS = 48L * 60 * 60 * 1000;

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
    }
}
