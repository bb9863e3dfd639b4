package steward.node.agent;

import java.time.Instant;
import steward.tenant.Tenant;

/**
 * Who a registered agent is: the node it registered as, the activation it used, and the RSA key
 * and machine fingerprint that sign for it.
 */
public record AgentIdentity(String instanceId, Tenant tenant, String activationId, String iamRole, String name,
                            String publicKey, String publicKeyType, String fingerprint, Instant registeredAt) {
    public AgentIdentity withPublicKey(String key, String type) {
        return new AgentIdentity(instanceId, tenant, activationId, iamRole, name, key, type, fingerprint, registeredAt);
    }
}
