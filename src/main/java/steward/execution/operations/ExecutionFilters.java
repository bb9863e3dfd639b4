package steward.execution.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import steward.errors.SsmException;
import steward.execution.ExecutionQuery;

/**
 * DescribeAssociationExecutions' Filters: ExecutionId and Status with EQUAL, CreatedTime with
 * EQUAL, LESS_THAN or GREATER_THAN, all ANDed. A CreatedTime value names a span as precise
 * as it is written: a whole second without a fraction, a millisecond with one. EQUAL matches
 * within the span, LESS_THAN before it, GREATER_THAN after it, so the three divide a history
 * cleanly at either precision. Filters that cannot all hold at once match nothing.
 */
record ExecutionFilters(ExecutionQuery query, boolean matchesNothing, String binding) {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    static ExecutionFilters parse(JsonNode filters) {
        String executionId = null;
        String status = null;
        Instant from = null;
        Instant before = null;
        boolean nothing = false;
        List<String> canonical = new ArrayList<>();
        int index = 0;
        for (JsonNode filter : filters == null ? List.<JsonNode>of() : filters) {
            index++;
            String key = filter.get("Key").asText();
            String type = filter.get("Type").asText();
            String value = filter.get("Value").asText();
            canonical.add(key + "\u0000" + type + "\u0000" + value);
            switch (key) {
                case "ExecutionId" -> {
                    requireEqual(index, key, type);
                    if (!UUID.matcher(value).matches()) {
                        throw invalid(index, key, "value '" + value + "' is not an execution id (a UUID)");
                    }
                    nothing |= executionId != null && !executionId.equalsIgnoreCase(value);
                    executionId = value.toLowerCase(java.util.Locale.ROOT);
                }
                case "Status" -> {
                    requireEqual(index, key, type);
                    nothing |= status != null && !status.equals(value);
                    status = value;
                }
                case "CreatedTime" -> {
                    Instant at = parseTime(index, value);
                    Duration precision = value.contains(".") ? Duration.ofMillis(1) : Duration.ofSeconds(1);
                    switch (type) {
                        case "EQUAL" -> {
                            from = later(from, at);
                            before = earlier(before, at.plus(precision));
                        }
                        case "LESS_THAN" -> before = earlier(before, at);
                        case "GREATER_THAN" -> from = later(from, at.plus(precision));
                        default -> throw invalid(index, key, "type " + type + " is not one of EQUAL, LESS_THAN, GREATER_THAN");
                    }
                }
                default -> throw invalid(index, key, "key is not one of ExecutionId, Status, CreatedTime");
            }
        }
        nothing |= from != null && before != null && !from.isBefore(before);
        canonical.sort(null);
        return new ExecutionFilters(new ExecutionQuery(executionId, status, from, before), nothing,
                String.join("\u0001", canonical));
    }

    private static void requireEqual(int index, String key, String type) {
        if (!"EQUAL".equals(type)) {
            throw invalid(index, key, "type " + type + " is not supported; " + key + " supports only EQUAL");
        }
    }

    /** ISO-8601 in UTC, with or without milliseconds; a value without an offset is read as UTC. */
    private static Instant parseTime(int index, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                throw invalid(index, "CreatedTime", "value '" + value
                        + "' is not an ISO-8601 time such as 2019-02-18T16:00:00Z or 2018-04-10T19:15:38.372Z");
            }
        }
    }

    private static SsmException invalid(int index, String key, String why) {
        return SsmException.validation("1 validation error detected: Filter " + index + " (" + key + ") is not valid: "
                + why + ".");
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
