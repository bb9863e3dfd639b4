package steward.storage.sql;

import java.util.List;
import java.util.function.Function;
import steward.compliance.ComplianceCondition;
import steward.compliance.ComplianceCondition.Field;
import steward.compliance.ComplianceCondition.TimeSpan;

/**
 * Compliance filters as portable SQL predicates. Text columns compare with an absent value read
 * as the empty string, so NOT_EQUAL keeps items without a Title; BEGIN_WITH uses
 * {@code substr}, which both SQLite and PostgreSQL count in characters (LIKE would be
 * case-insensitive on SQLite and case-sensitive elsewhere).
 */
final class SqlComplianceConditions {
    private SqlComplianceConditions() {
    }

    /** Appends " AND (predicate)" for every condition whose field {@code column} places; returns nothing else. */
    static void append(StringBuilder sql, List<Object> args, List<ComplianceCondition> conditions,
                       Function<Field, String> column) {
        for (ComplianceCondition c : conditions) {
            String expression = column.apply(c.field());
            if (expression != null) {
                sql.append(" AND (").append(predicate(c, expression, args)).append(')');
            }
        }
    }

    private static String predicate(ComplianceCondition c, String column, List<Object> args) {
        return switch (c.field().kind()) {
            case TEXT -> text(c, "COALESCE(" + column + ", '')", args);
            case SEVERITY -> compare(c, column, args);
            case TIME -> time(c, column, args);
        };
    }

    private static String text(ComplianceCondition c, String column, List<Object> args) {
        if (c.operator() == ComplianceCondition.Operator.BEGIN_WITH) {
            StringBuilder any = new StringBuilder();
            for (Object value : c.values()) {
                String prefix = (String) value;
                any.append(any.isEmpty() ? "" : " OR ").append("substr(").append(column).append(", 1, ?) = ?");
                args.add(prefix.codePointCount(0, prefix.length()));
                args.add(prefix);
            }
            return any.toString();
        }
        return compare(c, column, args);
    }

    private static String compare(ComplianceCondition c, String column, List<Object> args) {
        return switch (c.operator()) {
            case EQUAL -> column + " IN (" + placeholders(c.values(), args) + ")";
            case NOT_EQUAL -> column + " NOT IN (" + placeholders(c.values(), args) + ")";
            case LESS_THAN -> column + " < " + placeholders(c.values(), args);
            case GREATER_THAN -> column + " > " + placeholders(c.values(), args);
            case BEGIN_WITH -> throw new IllegalArgumentException("BEGIN_WITH on " + c.field());
        };
    }

    private static String time(ComplianceCondition c, String column, List<Object> args) {
        TimeSpan first = (TimeSpan) c.values().get(0);
        switch (c.operator()) {
            case LESS_THAN -> {
                args.add(first.from());
                return column + " < ?";
            }
            case GREATER_THAN -> {
                args.add(first.before());
                return column + " >= ?";
            }
            default -> {
                StringBuilder any = new StringBuilder();
                for (Object value : c.values()) {
                    TimeSpan span = (TimeSpan) value;
                    any.append(any.isEmpty() ? "" : " OR ").append('(').append(column).append(" >= ? AND ")
                            .append(column).append(" < ?)");
                    args.add(span.from());
                    args.add(span.before());
                }
                return c.operator() == ComplianceCondition.Operator.NOT_EQUAL ? "NOT (" + any + ")" : any.toString();
            }
        }
    }

    private static String placeholders(List<Object> values, List<Object> args) {
        args.addAll(values);
        return String.join(", ", java.util.Collections.nCopies(values.size(), "?"));
    }
}
