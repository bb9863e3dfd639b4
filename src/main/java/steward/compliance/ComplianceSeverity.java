package steward.compliance;

import java.util.Optional;

/** AWS's compliance severities, ranked so that the highest one of a resource can be found. */
public enum ComplianceSeverity {
    UNSPECIFIED, INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    public int rank() {
        return ordinal();
    }

    public static ComplianceSeverity ofRank(int rank) {
        return values()[rank];
    }

    public static Optional<ComplianceSeverity> parse(String name) {
        for (ComplianceSeverity s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
