package steward.storage;

import java.time.Instant;

/**
 * ListAssociations' filters, all optional and combined with AND. Each field holds the value
 * of the filter with that key; {@code null} means the filter is absent.
 */
public record AssociationQuery(String instanceId, String documentName, String associationId, String statusName,
                               Instant lastExecutedBefore, Instant lastExecutedAfter, String associationName,
                               String resourceGroupName) {
    public static final AssociationQuery ALL = new AssociationQuery(null, null, null, null, null, null, null, null);
}
