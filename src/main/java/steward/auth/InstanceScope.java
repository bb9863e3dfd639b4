package steward.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import steward.errors.SsmException;

/**
 * What an agent's credentials may do: only the operations an agent uses, and only for its own
 * node. Each allowed operation names the input member that must be the caller's instance id,
 * or none where the operation checks ownership itself (a message id, a document) or concerns
 * no node. Anything else is {@code AccessDeniedException}, as IAM would answer a role without
 * the permission.
 */
public final class InstanceScope {
    public static final String ACCESS_DENIED = "AccessDeniedException";
    private static final String OWN_CHECK = "";

    /** SSM, for a node's agent. */
    public static final InstanceScope SSM = new InstanceScope(Map.ofEntries(
            Map.entry("RequestManagedInstanceRoleToken", OWN_CHECK),
            Map.entry("UpdateManagedInstancePublicKey", OWN_CHECK),
            Map.entry("UpdateInstanceInformation", "InstanceId"),
            Map.entry("ListInstanceAssociations", "InstanceId"),
            Map.entry("UpdateInstanceAssociationStatus", "InstanceId"),
            Map.entry("DescribeAssociation", OWN_CHECK),
            Map.entry("UpdateAssociationStatus", "InstanceId"),
            Map.entry("GetDocument", OWN_CHECK),
            Map.entry("DescribeDocument", OWN_CHECK),
            Map.entry("PutComplianceItems", "ResourceId"),
            Map.entry("GetParameters", OWN_CHECK)), false);

    /** ec2messages: for agents only, each reading its own messages. */
    public static final InstanceScope MESSAGES = new InstanceScope(Map.of(
            "GetMessages", "Destination",
            "GetEndpoint", "Destination",
            "AcknowledgeMessage", OWN_CHECK,
            "SendReply", OWN_CHECK,
            "FailMessage", OWN_CHECK,
            "DeleteMessage", OWN_CHECK), true);

    private final Map<String, String> allowed;
    private final boolean instancesOnly;

    private InstanceScope(Map<String, String> allowed, boolean instancesOnly) {
        this.allowed = allowed;
        this.instancesOnly = instancesOnly;
    }

    /** Throws AccessDeniedException when {@code principal} may not call {@code operation} with {@code input}. */
    public void check(Principal principal, String operation, JsonNode input) {
        if (!principal.isInstance()) {
            if (instancesOnly) {
                throw new SsmException(ACCESS_DENIED, "Only a managed node's own credentials may call " + operation
                        + ".");
            }
            return;
        }
        String member = allowed.get(operation);
        if (member == null) {
            throw new SsmException(ACCESS_DENIED, "User: " + principal.instanceId() + " is not authorized to perform: "
                    + "ssm:" + operation + " with the credentials of a managed node.");
        }
        if (!member.isEmpty()) {
            JsonNode value = input.get(member);
            if (value != null && value.isTextual() && !principal.instanceId().equals(value.textValue())) {
                throw new SsmException(ACCESS_DENIED, "User: " + principal.instanceId() + " is not authorized to "
                        + "perform: " + operation + " on resource: " + value.textValue() + ".");
            }
        }
    }

    /** {@code authenticator}, refusing agents' credentials: for Steward's own control API. */
    public static Authenticator adminOnly(Authenticator authenticator) {
        return request -> {
            Principal principal = authenticator.principal(request);
            if (principal.isInstance()) {
                throw new SsmException(ACCESS_DENIED, "A managed node's credentials may not use Steward's control API.");
            }
            return principal.tenant();
        };
    }
}
