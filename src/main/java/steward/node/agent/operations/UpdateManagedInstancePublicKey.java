package steward.node.agent.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.node.agent.AgentRegistry;
import steward.protocol.Authentication;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** UpdateManagedInstancePublicKey, signed with the old key: the new key signs from now on. */
public final class UpdateManagedInstancePublicKey implements Operation {
    private final AgentRegistry registry;

    public UpdateManagedInstancePublicKey(AgentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "UpdateManagedInstancePublicKey";
    }

    @Override
    public Authentication authentication() {
        return Authentication.INSTANCE_KEY;
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        registry.updatePublicKey(call.instanceId(), Inputs.text(input, "NewPublicKey"),
                Inputs.text(input, "NewPublicKeyType"));
        return null;
    }
}
