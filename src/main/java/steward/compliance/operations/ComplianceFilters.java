package steward.compliance.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import steward.compliance.ComplianceCondition;
import steward.compliance.ComplianceCondition.Field;
import steward.compliance.ComplianceCondition.Operator;
import steward.compliance.ComplianceCondition.TimeSpan;
import steward.compliance.ComplianceErrors;
import steward.compliance.ComplianceSeverity;
import steward.compliance.ComplianceStatus;

/**
 * The ComplianceStringFilter lists of the three List operations, checked against the keys the
 * operation accepts. A filter without Type is EQUAL. Status and severity values must be AWS's
 * words; severities compare by rank (LOW LESS_THAN HIGH); an ExecutionTime value names a span as
 * precise as it is written (a whole second, or a millisecond), as the history filters do.
 * LESS_THAN and GREATER_THAN take exactly one value; at most {@value #MAX_FILTERS} filters. Anything
 * else is {@code InvalidFilter}.
 */
record ComplianceFilters(List<ComplianceCondition> conditions, String binding) {
    /** The model sets no bound; this one keeps a request's SQL within every database's parameter limit. */
    static final int MAX_FILTERS = 50;

    static ComplianceFilters parse(JsonNode filters, Map<String, Field> keys) {
        if (filters != null && filters.size() > MAX_FILTERS) {
            throw ComplianceErrors.invalidFilter("There are " + filters.size() + " filters; at most " + MAX_FILTERS
                    + " may be given.");
        }
        List<ComplianceCondition> conditions = new ArrayList<>();
        List<String> canonical = new ArrayList<>();
        int index = 0;
        for (JsonNode filter : filters == null || filters.isNull() ? List.<JsonNode>of() : filters) {
            index++;
            String key = text(filter, "Key");
            if (key == null) {
                throw ComplianceErrors.invalidFilter("Filter " + index + " has no Key.");
            }
            Field field = keys.get(key);
            if (field == null) {
                throw ComplianceErrors.invalidFilter("Filter " + index + " has the key " + key
                        + ", which is not one of " + String.join(", ", keys.keySet()) + ".");
            }
            String type = text(filter, "Type");
            Operator operator = type == null ? Operator.EQUAL : Operator.valueOf(type);
            JsonNode values = filter.get("Values");
            if (values == null || values.isNull() || values.isEmpty()) {
                throw ComplianceErrors.invalidFilter("Filter " + index + " (" + key + ") has no Values.");
            }
            List<String> texts = new ArrayList<>();
            values.forEach(v -> texts.add(v.asText()));
            if ((operator == Operator.LESS_THAN || operator == Operator.GREATER_THAN) && texts.size() != 1) {
                throw ComplianceErrors.invalidFilter("Filter " + index + " (" + key + ") uses " + operator
                        + ", which takes exactly one value, with " + texts.size() + ".");
            }
            conditions.add(new ComplianceCondition(field, operator, values(index, key, field, operator, texts)));
            canonical.add(key + "\u0000" + operator + "\u0000" + String.join("\u0000", texts));
        }
        canonical.sort(null);
        return new ComplianceFilters(List.copyOf(conditions), String.join("\u0001", canonical));
    }

    private static List<Object> values(int index, String key, Field field, Operator operator, List<String> texts) {
        String where = "Filter " + index + " (" + key + ")";
        List<Object> values = new ArrayList<>();
        switch (field.kind()) {
            case TEXT -> {
                if (field == Field.STATUS || field == Field.SUMMARY_STATUS) {
                    if (operator != Operator.EQUAL && operator != Operator.NOT_EQUAL) {
                        throw ComplianceErrors.invalidFilter(where + " supports only EQUAL and NOT_EQUAL, not " + operator + ".");
                    }
                    for (String t : texts) {
                        if (!ComplianceStatus.isValid(t)) {
                            throw ComplianceErrors.invalidFilter(where + " has the value " + t
                                    + ", which is not one of COMPLIANT, NON_COMPLIANT.");
                        }
                    }
                }
                values.addAll(texts);
            }
            case SEVERITY -> {
                requireComparison(where, operator);
                for (String t : texts) {
                    values.add(ComplianceSeverity.parse(t).orElseThrow(() -> ComplianceErrors.invalidFilter(where
                            + " has the value " + t + ", which is not one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, "
                            + "UNSPECIFIED.")).rank());
                }
            }
            case TIME -> {
                requireComparison(where, operator);
                for (String t : texts) {
                    values.add(span(where, t));
                }
            }
        }
        return values;
    }

    private static void requireComparison(String where, Operator operator) {
        if (operator == Operator.BEGIN_WITH) {
            throw ComplianceErrors.invalidFilter(where + " does not support BEGIN_WITH; use EQUAL, NOT_EQUAL, LESS_THAN "
                    + "or GREATER_THAN.");
        }
    }

    /** ISO-8601, UTC when no offset is written; the span is one second, or one millisecond with a fraction. */
    private static TimeSpan span(String where, String value) {
        Instant at;
        try {
            at = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                at = LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw ComplianceErrors.invalidFilter(where + " has the value " + value
                        + ", which is not an ISO-8601 time such as 2019-02-18T16:00:00Z.");
            }
        }
        at = at.truncatedTo(ChronoUnit.MILLIS);
        Duration precision = value.contains(".") ? Duration.ofMillis(1) : Duration.ofSeconds(1);
        return new TimeSpan(at.toEpochMilli(), at.plus(precision).toEpochMilli());
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }
}
