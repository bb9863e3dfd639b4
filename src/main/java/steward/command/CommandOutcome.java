package steward.command;

import java.time.Instant;
import java.util.Collection;
import steward.execution.runner.RateControls;

/**
 * A command's status and counts from its invocations, as AWS aggregates them. ErrorCount counts
 * Failed and ExecutionTimedOut invocations; DeliveryTimedOut ones have their own count; neither
 * those nor Undeliverable or InvalidPlatform ones count against MaxErrors. When every invocation has ended:
 * <ul>
 *   <li>Cancelled/Cancelled after CancelCommand for the whole command;</li>
 *   <li>Success/NoInstancesInTag when Targets selected no node;</li>
 *   <li>more errors than MaxErrors: TimedOut/ExecutionTimedOut when every error is an execution
 *       time-out, else Failed/Failed;</li>
 *   <li>more delivery time-outs than MaxErrors: TimedOut/DeliveryTimedOut;</li>
 *   <li>every invocation Success (Undeliverable ones aside): Success/Success;</li>
 *   <li>otherwise Success/Incomplete: attempted everywhere, not enough failures to fail.</li>
 * </ul>
 */
final class CommandOutcome {
    private CommandOutcome() {
    }

    static CommandState running(Collection<Invocation> invocations, boolean anySent, boolean cancelling) {
        Tally tally = new Tally();
        invocations.forEach(i -> tally.add(i, 1));
        return running(tally, invocations.size(), anySent, cancelling);
    }

    static CommandState running(Tally tally, int targets, boolean anySent, boolean cancelling) {
        Counts counts = tally.counts();
        String status = cancelling ? CommandStatus.CANCELLING : anySent ? CommandStatus.IN_PROGRESS : CommandStatus.PENDING;
        return new CommandState(status, status, targets, counts.completed, counts.errors, counts.deliveryTimedOut, null);
    }

    static CommandState finished(Collection<Invocation> invocations, int maxErrors, boolean cancelled,
                                 boolean byTargets, String stopDetail, Instant at) {
        Counts c = Counts.of(invocations);
        String status;
        String details;
        if (cancelled) {
            status = CommandStatus.CANCELLED;
            details = CommandStatus.CANCELLED;
        } else if (stopDetail != null) {
            status = CommandStatus.FAILED;
            details = stopDetail;
        } else if (invocations.isEmpty()) {
            status = CommandStatus.SUCCESS;
            details = byTargets ? CommandStatus.NO_INSTANCES_IN_TAG : CommandStatus.SUCCESS;
        } else if (c.errors > maxErrors) {
            boolean allTimeouts = c.executionTimedOut == c.errors;
            status = allTimeouts ? CommandStatus.TIMED_OUT : CommandStatus.FAILED;
            details = allTimeouts ? CommandStatus.EXECUTION_TIMED_OUT : CommandStatus.FAILED;
        } else if (c.deliveryTimedOut > maxErrors) {
            status = CommandStatus.TIMED_OUT;
            details = CommandStatus.DELIVERY_TIMED_OUT;
        } else if (c.success + c.undeliverable == invocations.size()) {
            status = CommandStatus.SUCCESS;
            details = CommandStatus.SUCCESS;
        } else {
            status = CommandStatus.SUCCESS;
            details = CommandStatus.INCOMPLETE;
        }
        return new CommandState(status, details, invocations.size(), c.completed, c.errors, c.deliveryTimedOut, at);
    }

    static int maxErrors(String maxErrors, int targets) {
        return RateControls.resolve(null, maxErrors == null ? "0" : maxErrors, targets).maxErrors();
    }

    private record Counts(int completed, int errors, int executionTimedOut, int deliveryTimedOut, int success,
                          int undeliverable) {
        static Counts of(Collection<Invocation> invocations) {
            Tally tally = new Tally();
            invocations.forEach(i -> tally.add(i, 1));
            return tally.counts();
        }
    }

    /**
     * The counts of a command's invocations kept as they change (one out, one in), so a running
     * command's state costs the same at its 10,000th invocation as at its first.
     */
    static final class Tally {
        private int completed;
        private int errors;
        private int execution;
        private int delivery;
        private int success;
        private int undeliverable;

        /** Counts {@code i} in ({@code sign} 1) or out (-1). */
        void add(Invocation i, int sign) {
            if (i == null || !CommandStatus.isFinal(i.status())) {
                return;
            }
            completed += sign;
            switch (i.statusDetails()) {
                case CommandStatus.EXECUTION_TIMED_OUT -> {
                    errors += sign;
                    execution += sign;
                }
                case CommandStatus.DELIVERY_TIMED_OUT -> delivery += sign;
                case CommandStatus.UNDELIVERABLE -> undeliverable += sign;
                case CommandStatus.INVALID_PLATFORM -> {
                    // Not an error against MaxErrors, but not a success either: the command is Incomplete.
                }
                default -> {
                    if (CommandStatus.SUCCESS.equals(i.status())) {
                        success += sign;
                    } else if (CommandStatus.FAILED.equals(i.status())) {
                        errors += sign;
                    }
                }
            }
        }

        /** {@code before} replaced by {@code after}. */
        void replace(Invocation before, Invocation after) {
            add(before, -1);
            add(after, 1);
        }

        private Counts counts() {
            return new Counts(completed, errors, execution, delivery, success, undeliverable);
        }
    }
}
