package steward.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code rate(N unit)}: every N minutes, hours or days, counted from an anchor. The unit is
 * singular exactly when N is 1, N has no sign and no leading zero, and associations need
 * 30 minutes <= N units < 31 days.
 */
public final class RateSchedule implements ScheduleExpression {
    static final Duration MIN_INTERVAL = Duration.ofMinutes(30);
    static final Duration MAX_INTERVAL_EXCLUSIVE = Duration.ofDays(31);
    // Enough digits for any interval below 31 days in minutes (44640) and no overflow.
    private static final int MAX_DIGITS = 6;

    private final String expression;
    private final Duration interval;

    private RateSchedule(String expression, Duration interval) {
        this.expression = expression;
        this.interval = interval;
    }

    static RateSchedule parse(String expression, String body) {
        int space = body.indexOf(' ');
        if (space < 0 || body.indexOf(' ', space + 1) >= 0) {
            throw InvalidSchedule.of(expression, "expected rate(value unit) with a single space, like rate(30 minutes)");
        }
        String value = body.substring(0, space);
        String unit = body.substring(space + 1);
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw InvalidSchedule.of(expression, "the rate value '" + value + "' is not a positive whole number");
        }
        if (value.charAt(0) == '0') {
            throw InvalidSchedule.of(expression, value.equals("0")
                    ? "the rate value must be greater than 0"
                    : "the rate value '" + value + "' has a leading zero");
        }
        ChronoUnit chronoUnit = unitOf(expression, unit, value);
        if (value.length() > MAX_DIGITS) {
            throw InvalidSchedule.of(expression, "associations must run at least once every 31 days");
        }
        return check(expression, chronoUnit.getDuration().multipliedBy(Long.parseLong(value)));
    }

    private static ChronoUnit unitOf(String expression, String unit, String value) {
        boolean one = value.equals("1");
        String singular = one ? unit : unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : "";
        ChronoUnit parsed = switch (singular) {
            case "minute" -> ChronoUnit.MINUTES;
            case "hour" -> ChronoUnit.HOURS;
            case "day" -> ChronoUnit.DAYS;
            default -> null;
        };
        if (parsed == null) {
            throw InvalidSchedule.of(expression, one
                    ? "the unit for 1 must be minute, hour or day"
                    : "the unit for " + value + " must be minutes, hours or days");
        }
        return parsed;
    }

    private static RateSchedule check(String expression, Duration interval) {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw InvalidSchedule.of(expression, "associations cannot run more often than every 30 minutes");
        }
        if (interval.compareTo(MAX_INTERVAL_EXCLUSIVE) >= 0) {
            throw InvalidSchedule.of(expression, "associations must run at least once every 31 days");
        }
        return new RateSchedule(expression, interval);
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public Kind kind() {
        return Kind.RATE;
    }

    public Duration interval() {
        return interval;
    }

    @Override
    public Optional<Instant> nextFireAfter(Instant after) {
        return nextFireAfter(after, after);
    }

    @Override
    public Optional<Instant> nextFireAfter(Instant anchor, Instant after) {
        if (after.isBefore(anchor)) {
            return Optional.of(anchor);
        }
        try {
            long periods = Duration.between(anchor, after).dividedBy(interval) + 1;
            return Optional.of(anchor.plus(interval.multipliedBy(periods)));
        } catch (DateTimeException | ArithmeticException beyondInstantRange) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateSchedule other && expression.equals(other.expression);
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
