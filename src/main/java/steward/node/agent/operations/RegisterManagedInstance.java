package steward.node.agent.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.node.agent.AgentRegistry;
import steward.protocol.Authentication;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * RegisterManagedInstance, as {@code amazon-ssm-agent -register -code C -id I} sends it: unsigned,
 * with the activation, the agent's RSA public key and its machine fingerprint. Answers the new
 * node's {@code mi-} id, which the agent then uses as its access key for RSA-signed calls.
 */
public final class RegisterManagedInstance implements Operation {
    record Response(String instanceId) {
    }

    private final AgentRegistry registry;

    public RegisterManagedInstance(AgentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "RegisterManagedInstance";
    }

    @Override
    public Authentication authentication() {
        return Authentication.UNSIGNED;
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        return new Response(registry.register(Inputs.text(input, "ActivationId"), Inputs.text(input, "ActivationCode"),
                Inputs.text(input, "PublicKey"), Inputs.text(input, "PublicKeyType"), Inputs.text(input, "Fingerprint")));
    }
}
