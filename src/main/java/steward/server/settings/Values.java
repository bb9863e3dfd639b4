package steward.server.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The readers of settings' values; each throws IllegalArgumentException saying what it wanted. */
final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private Values() {
    }

    static String text(String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return raw;
    }

    static Path path(String raw) {
        return Path.of(text(raw));
    }

    static Function<String, Integer> integer(int min, int max) {
        return raw -> {
            int value;
            try {
                value = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number, not " + raw);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max + ", not " + raw);
            }
            return value;
        };
    }

    static Function<String, String> oneOf(String... choices) {
        List<String> allowed = List.of(choices);
        return raw -> {
            String value = raw.toLowerCase(Locale.ROOT);
            if (!allowed.contains(value)) {
                throw new IllegalArgumentException("must be " + String.join(" or ", allowed) + ", not " + raw);
            }
            return value;
        };
    }

    static Boolean bool(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalArgumentException("must be true or false, not " + raw);
        };
    }

    static Instant instant(String raw) {
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 time such as 2027-01-01T00:00:00Z, not " + raw);
        }
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, or a number of seconds. */
    static Duration duration(String raw) {
        Matcher m = DURATION.matcher(raw.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a duration such as 10s, 500ms or 2m, not " + raw);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
