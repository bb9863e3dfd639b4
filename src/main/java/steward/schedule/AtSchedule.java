package steward.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code at(yyyy-MM-ddTHH:mm:ss)}: fires once, at that UTC instant. */
public final class AtSchedule implements ScheduleExpression {
    // The pattern pins the exact shape; the STRICT formatter then rejects dates like 02-30.
    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private final String expression;
    private final Instant instant;

    private AtSchedule(String expression, Instant instant) {
        this.expression = expression;
        this.instant = instant;
    }

    static AtSchedule parse(String expression, String body) {
        if (!SHAPE.matcher(body).matches()) {
            throw InvalidSchedule.of(expression, "expected at(yyyy-MM-ddTHH:mm:ss), like at(2024-07-07T15:55:00)");
        }
        try {
            return new AtSchedule(expression, LocalDateTime.parse(body, FORMAT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw InvalidSchedule.of(expression, body + " is not a real date and time");
        }
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public Kind kind() {
        return Kind.AT;
    }

    public Instant instant() {
        return instant;
    }

    @Override
    public Optional<Instant> nextFireAfter(Instant after) {
        return instant.isAfter(after) ? Optional.of(instant) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AtSchedule other && expression.equals(other.expression);
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
