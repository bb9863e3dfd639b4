package steward.auth;

import steward.tenant.Tenant;

/**
 * Who a request acts as: a tenant, and for an agent's credentials (or its RSA key) the one
 * managed node it may act for. {@code instanceId} is null for every other caller.
 */
public record Principal(Tenant tenant, String instanceId) {
    public boolean isInstance() {
        return instanceId != null;
    }
}
