package steward.command;

import java.util.List;

/**
 * The status words of commands, invocations and plugins, as AWS sends them. StatusDetails is
 * finer: an invocation that timed out says DeliveryTimedOut or ExecutionTimedOut; a command
 * that ran everywhere with failures within MaxErrors says Incomplete.
 */
public final class CommandStatus {
    public static final String PENDING = "Pending";
    public static final String IN_PROGRESS = "InProgress";
    public static final String DELAYED = "Delayed";
    public static final String SUCCESS = "Success";
    public static final String FAILED = "Failed";
    public static final String TIMED_OUT = "TimedOut";
    public static final String CANCELLED = "Cancelled";
    public static final String CANCELLING = "Cancelling";

    public static final String DELIVERY_TIMED_OUT = "DeliveryTimedOut";
    public static final String EXECUTION_TIMED_OUT = "ExecutionTimedOut";
    public static final String UNDELIVERABLE = "Undeliverable";
    public static final String TERMINATED = "Terminated";
    /** A node whose platform the document does not support, reached through Targets. */
    public static final String INVALID_PLATFORM = "InvalidPlatform";
    public static final String INCOMPLETE = "Incomplete";
    public static final String NO_INSTANCES_IN_TAG = "NoInstancesInTag";

    /** The statuses of a command still running: what ExecutionStage Executing selects. */
    public static final List<String> EXECUTING = List.of(PENDING, IN_PROGRESS, DELAYED, CANCELLING);

    private CommandStatus() {
    }

    public static boolean isFinal(String status) {
        return !EXECUTING.contains(status);
    }
}
