package steward.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A node as DescribeInstanceInformation's InstanceInformation shape describes it, in the
 * model's member order. Members Steward has no value for (ActivationId, IamRole, Name, the
 * association status and dates) are left out rather than invented.
 */
public record InstanceInformation(String instanceId, String pingStatus, Instant lastPingDateTime, String agentVersion,
                                  Boolean isLatestVersion, String platformType, String platformName,
                                  String platformVersion, Instant registrationDate, String resourceType,
                                  @JsonProperty("IPAddress") String ipAddress, String computerName, String sourceId,
                                  String sourceType) {
    public static InstanceInformation of(ManagedNode n) {
        return new InstanceInformation(n.instanceId(), n.pingStatus(), n.lastPingDateTime(), n.agentVersion(),
                Platforms.LATEST_AGENT_VERSION.equals(n.agentVersion()), n.platformType(), n.platformName(),
                n.platformVersion(), n.registrationDate(), Platforms.resourceType(n.instanceId()), n.ipAddress(),
                n.computerName(), n.instanceId(), Platforms.sourceType(n.instanceId()));
    }
}
