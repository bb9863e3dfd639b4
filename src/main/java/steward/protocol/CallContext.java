package steward.protocol;

import steward.tenant.Tenant;

/** Who is calling and which request this is. */
public record CallContext(Tenant tenant, String accessKeyId, String requestId) {
}
