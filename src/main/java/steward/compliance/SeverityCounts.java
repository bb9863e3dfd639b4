package steward.compliance;

/** Counts by severity, indexed by {@link ComplianceSeverity#rank()}; rendered as AWS's SeveritySummary. */
public record SeverityCounts(int[] byRank) {
    public SeverityCounts {
        if (byRank.length != ComplianceSeverity.values().length) {
            throw new IllegalArgumentException("one count per severity");
        }
        byRank = byRank.clone();
    }

    public int total() {
        int total = 0;
        for (int count : byRank) {
            total += count;
        }
        return total;
    }

    public int of(ComplianceSeverity severity) {
        return byRank[severity.rank()];
    }

    /** AWS's SeveritySummary shape. */
    public record SeveritySummary(int criticalCount, int highCount, int mediumCount, int lowCount,
                                  int informationalCount, int unspecifiedCount) {
    }

    public SeveritySummary summary() {
        return new SeveritySummary(of(ComplianceSeverity.CRITICAL), of(ComplianceSeverity.HIGH),
                of(ComplianceSeverity.MEDIUM), of(ComplianceSeverity.LOW), of(ComplianceSeverity.INFORMATIONAL),
                of(ComplianceSeverity.UNSPECIFIED));
    }
}
