package steward.protocol;

import steward.tenant.Tenant;

/**
 * Who is calling and which request this is. {@code instanceId} is set when the caller is a
 * managed node's agent (its credentials or its RSA key): the one node it may act for.
 * {@code tenant} is null for an unsigned operation.
 */
public record CallContext(Tenant tenant, String accessKeyId, String requestId, String instanceId) {
    public CallContext(Tenant tenant, String accessKeyId, String requestId) {
        this(tenant, accessKeyId, requestId, null);
    }
}
