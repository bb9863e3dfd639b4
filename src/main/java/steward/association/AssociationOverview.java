package steward.association;

import java.util.Map;

public record AssociationOverview(String status, String detailedStatus, Map<String, Integer> associationStatusAggregatedCount) {
    public static AssociationOverview creating() {
        return new AssociationOverview("Pending", "Creating", null);
    }
}
