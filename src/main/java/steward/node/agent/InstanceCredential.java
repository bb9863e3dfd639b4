package steward.node.agent;

import java.time.Instant;
import steward.tenant.Tenant;

/** Temporary credentials issued to one agent: they act for its node only, until they expire or are revoked. */
public record InstanceCredential(String accessKeyId, String secretAccessKey, String sessionToken, String instanceId,
                                 Tenant tenant, Instant expiresAt, boolean revoked) {
    /** Never prints the secret or the token. */
    @Override
    public String toString() {
        return "InstanceCredential[accessKeyId=" + accessKeyId + ", instanceId=" + instanceId + "]";
    }
}
