package steward.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * A node as DescribeInstanceInformation's InstanceInformation shape describes it, in the
 * model's member order. Members Steward has no value for (for a simulated node the activation,
 * role and name; for an agent the facts it has not reported yet) are left out rather than
 * invented; the association members come from the node's association results.
 */
public record InstanceInformation(String instanceId, String pingStatus, Instant lastPingDateTime, String agentVersion,
                                  Boolean isLatestVersion, String platformType, String platformName,
                                  String platformVersion, String activationId, String iamRole,
                                  Instant registrationDate, String resourceType, String name,
                                  @JsonProperty("IPAddress") String ipAddress, String computerName,
                                  String associationStatus, Instant lastAssociationExecutionDate,
                                  Instant lastSuccessfulAssociationExecutionDate,
                                  AssociationOverview associationOverview, String sourceId, String sourceType) {
    /** How an agent registered: its activation, the role it acts as, and the activation's default name. */
    public record Registration(String activationId, String iamRole, String name) {
    }

    /** InstanceAggregatedAssociationOverview. */
    public record AssociationOverview(String detailedStatus, Map<String, Integer> instanceAssociationStatusAggregatedCount) {
    }

    public static InstanceInformation of(ManagedNode n) {
        return of(n, null, NodeAssociations.Summary.NONE);
    }

    public static InstanceInformation of(ManagedNode n, Registration registration) {
        return of(n, registration, NodeAssociations.Summary.NONE);
    }

    public static InstanceInformation of(ManagedNode n, Registration registration, NodeAssociations.Summary a) {
        String version = blankToNull(n.agentVersion());
        return new InstanceInformation(n.instanceId(), n.pingStatus(), n.lastPingDateTime(), version,
                version == null ? null : Platforms.LATEST_AGENT_VERSION.equals(version), n.platformType(),
                blankToNull(n.platformName()), blankToNull(n.platformVersion()),
                registration == null ? null : registration.activationId(),
                registration == null ? null : registration.iamRole(), n.registrationDate(),
                Platforms.resourceType(n.instanceId()), registration == null ? null : registration.name(),
                blankToNull(n.ipAddress()), blankToNull(n.computerName()), a.associationStatus(),
                a.lastAssociationExecutionDate(), a.lastSuccessfulAssociationExecutionDate(),
                a.countByStatus() == null ? null : new AssociationOverview(a.detailedStatus(), a.countByStatus()),
                n.instanceId(), Platforms.sourceType(n.instanceId()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
