package steward.execution;

/** The status words of runs and targets, as AWS reports them. */
public final class ExecutionStatus {
    public static final String PENDING = "Pending";
    public static final String IN_PROGRESS = "InProgress";
    public static final String SUCCESS = "Success";
    public static final String FAILED = "Failed";
    public static final String TIMED_OUT = "TimedOut";
    public static final String CANCELLED = "Cancelled";
    public static final String SKIPPED = "Skipped";

    private ExecutionStatus() {
    }

    public static boolean isFinal(String status) {
        return !PENDING.equals(status) && !IN_PROGRESS.equals(status);
    }
}
