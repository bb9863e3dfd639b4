package steward.node;

import java.time.Instant;
import java.util.Map;
import steward.tenant.Tenant;

/**
 * What DescribeInstanceInformation shows of a node's associations: the overall status, the
 * latest and the latest successful run on it, and how many associations are in each status.
 */
public interface NodeAssociations {
    /** The summary; null members when the node has no association result yet. */
    Summary summary(Tenant tenant, String instanceId);

    record Summary(String associationStatus, Instant lastAssociationExecutionDate,
                   Instant lastSuccessfulAssociationExecutionDate, String detailedStatus,
                   Map<String, Integer> countByStatus) {
        public static final Summary NONE = new Summary(null, null, null, null, null);
    }

    NodeAssociations NONE = (tenant, instanceId) -> Summary.NONE;
}
