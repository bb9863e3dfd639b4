package steward.node;

import java.time.Instant;
import steward.tenant.Tenant;

/**
 * A managed node as the SSM API describes it (DescribeInstanceInformation). {@code behavior}
 * is set only for simulated nodes: what their next runs do.
 */
public record ManagedNode(
        Tenant tenant,
        String instanceId,
        String computerName,
        String platformType,
        String platformName,
        String platformVersion,
        String agentVersion,
        String ipAddress,
        String pingStatus,
        Instant registrationDate,
        Instant lastPingDateTime,
        NodeBehavior behavior) {

    public boolean simulated() {
        return behavior != null;
    }
}
