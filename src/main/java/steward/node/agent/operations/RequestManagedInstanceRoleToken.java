package steward.node.agent.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.node.agent.AgentRegistry;
import steward.protocol.Authentication;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * RequestManagedInstanceRoleToken, RSA-signed by the agent: fresh temporary credentials for its
 * node. All five members are always present (the agent dereferences each of them).
 */
public final class RequestManagedInstanceRoleToken implements Operation {
    private final AgentRegistry registry;

    public RequestManagedInstanceRoleToken(AgentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "RequestManagedInstanceRoleToken";
    }

    @Override
    public Authentication authentication() {
        return Authentication.INSTANCE_KEY;
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        return registry.roleToken(call.instanceId(), Inputs.text(input, "Fingerprint"));
    }
}
