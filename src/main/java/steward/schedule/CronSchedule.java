package steward.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code cron(minutes hours day-of-month month day-of-week year)} in UTC, the EventBridge
 * dialect State Manager uses; see {@link CronParser} for the grammar and {@link CronFrequency}
 * for the 30-minute rule. Fires on whole minutes, never after 2199.
 */
public final class CronSchedule implements ScheduleExpression {
    private static final Instant END = LocalDate.of(CronSpec.LAST_YEAR + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);

    private final String expression;
    private final CronSpec spec;

    CronSchedule(String expression, CronSpec spec) {
        this.expression = expression;
        this.spec = spec;
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public Kind kind() {
        return Kind.CRON;
    }

    @Override
    public Optional<Instant> nextFireAfter(Instant after) {
        // Clamped first because LocalDateTime cannot hold every Instant; nothing fires outside 1970-2199.
        if (!after.isBefore(END)) {
            return Optional.empty();
        }
        Instant from = after.isBefore(Instant.EPOCH) ? Instant.EPOCH.minusSeconds(1) : after;
        return spec.nextAfter(LocalDateTime.ofInstant(from, ZoneOffset.UTC))
                .map(time -> time.toInstant(ZoneOffset.UTC));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule other && expression.equals(other.expression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression);
    }

    @Override
    public String toString() {
        return expression;
    }
}
