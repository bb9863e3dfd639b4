package steward.auth;

import steward.protocol.ApiRequest;
import steward.tenant.Tenant;

/** Decides who a request is from; throws an SsmException with AWS's code when it cannot. */
public interface Authenticator {
    Tenant authenticate(ApiRequest request);

    /** The tenant, and the node when the caller is a node's agent; plain tenants by default. */
    default Principal principal(ApiRequest request) {
        return new Principal(authenticate(request), null);
    }
}
