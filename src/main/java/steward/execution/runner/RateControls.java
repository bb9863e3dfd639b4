package steward.execution.runner;

/**
 * MaxConcurrency and MaxErrors for one run, resolved against its number of targets. A
 * percentage is of the target count, rounded down; concurrency is at least one. Absent
 * MaxConcurrency runs every target at once; absent MaxErrors never stops a run early.
 */
public record RateControls(int maxConcurrency, int maxErrors) {
    public static RateControls resolve(String maxConcurrency, String maxErrors, int targets) {
        int concurrency = maxConcurrency == null ? Math.max(1, targets)
                : Math.max(1, amount(maxConcurrency, targets));
        int errors = maxErrors == null ? Integer.MAX_VALUE : amount(maxErrors, targets);
        return new RateControls(concurrency, errors);
    }

    private static int amount(String value, int targets) {
        if (value.endsWith("%")) {
            long percent = Long.parseLong(value.substring(0, value.length() - 1));
            return (int) (percent * targets / 100);
        }
        return Integer.parseInt(value);
    }

    /** With MaxErrors N, no new target starts once error N + 1 has arrived. */
    public boolean budgetExceeded(int errors) {
        return errors > maxErrors;
    }
}
