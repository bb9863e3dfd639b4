package steward.compliance;

import java.util.List;

/**
 * One checked filter: a field, an operator, and values already in the field's terms (text,
 * severity ranks, or time spans). Conditions are ANDed; the values of one are ORed, except
 * under NOT_EQUAL, where the field must differ from every one.
 */
public record ComplianceCondition(Field field, Operator operator, List<Object> values) {
    public enum Operator {
        EQUAL, NOT_EQUAL, BEGIN_WITH, LESS_THAN, GREATER_THAN
    }

    public enum Kind {
        TEXT, SEVERITY, TIME
    }

    /** What can be filtered on; the store knows where each lives. */
    public enum Field {
        COMPLIANCE_TYPE(Kind.TEXT), RESOURCE_TYPE(Kind.TEXT), RESOURCE_ID(Kind.TEXT), ITEM_ID(Kind.TEXT),
        TITLE(Kind.TEXT), STATUS(Kind.TEXT), SEVERITY(Kind.SEVERITY), EXECUTION_ID(Kind.TEXT),
        EXECUTION_TYPE(Kind.TEXT), EXECUTION_TIME(Kind.TIME),
        /** A resource's status for a compliance type (summaries only). */
        SUMMARY_STATUS(Kind.TEXT),
        /** A resource's overall severity for a compliance type (summaries only). */
        OVERALL_SEVERITY(Kind.SEVERITY);

        private final Kind kind;

        Field(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /** A span of time in epoch milliseconds, {@code from} inclusive, {@code before} exclusive. */
    public record TimeSpan(long from, long before) {
    }

    public static ComplianceCondition equal(Field field, List<String> values) {
        return new ComplianceCondition(field, Operator.EQUAL, List.copyOf(values));
    }
}
