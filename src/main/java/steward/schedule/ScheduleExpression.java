package steward.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * A State Manager association schedule: {@code rate(...)}, {@code cron(...)} or {@code at(...)}.
 *
 * <p>{@link #parse} applies the association rules as well as the grammar (no more often than
 * every 30 minutes, rates shorter than 31 days), so every value of this type is a schedule an
 * association may carry. All times are UTC; fire times are whole minutes for cron and whole
 * seconds for at.
 */
public sealed interface ScheduleExpression permits RateSchedule, CronSchedule, AtSchedule {

    /** The longest ScheduleExpression the SSM API model accepts. */
    int MAX_LENGTH = 256;

    enum Kind { RATE, CRON, AT }

    /**
     * Parses an association schedule expression.
     *
     * @throws steward.errors.SsmException InvalidSchedule, saying what is wrong
     */
    static ScheduleExpression parse(String expression) {
        if (expression == null || expression.isEmpty()) {
            throw InvalidSchedule.of("", "a schedule expression is required");
        }
        if (expression.length() > MAX_LENGTH) {
            throw InvalidSchedule.plain("Schedule expression is invalid: it is longer than " + MAX_LENGTH + " characters");
        }
        if (!expression.endsWith(")")) {
            throw InvalidSchedule.of(expression, "expected rate(...), cron(...) or at(...) ending with ')'");
        }
        if (expression.startsWith("rate(")) {
            return RateSchedule.parse(expression, body(expression, "rate("));
        }
        if (expression.startsWith("cron(")) {
            return new CronSchedule(expression, new CronParser(expression).parse(body(expression, "cron(")));
        }
        if (expression.startsWith("at(")) {
            return AtSchedule.parse(expression, body(expression, "at("));
        }
        throw InvalidSchedule.of(expression, "expected rate(...), cron(...) or at(...)");
    }

    private static String body(String expression, String prefix) {
        return expression.substring(prefix.length(), expression.length() - 1);
    }

    /** The expression exactly as given. */
    String expression();

    Kind kind();

    /**
     * The first fire time strictly after {@code after}, or empty when the schedule never fires
     * again. A rate schedule here counts from {@code after} itself, so this is after + interval;
     * use {@link #nextFireAfter(Instant, Instant)} to keep a rate on its original grid.
     */
    Optional<Instant> nextFireAfter(Instant after);

    /**
     * The first fire time strictly after {@code after} for a schedule that started at
     * {@code anchor} (when the association was created or last updated). Only rate schedules
     * depend on the anchor: they fire at anchor + k * interval, k >= 0. Cron and at ignore it.
     */
    default Optional<Instant> nextFireAfter(Instant anchor, Instant after) {
        return nextFireAfter(after);
    }
}
