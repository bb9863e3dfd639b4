package steward.node.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.node.activation.ActivationService;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** DeleteActivation: no more registrations with it; nodes registered already stay managed, as on AWS. */
public final class DeleteActivation implements Operation {
    private final ActivationService activations;

    public DeleteActivation(ActivationService activations) {
        this.activations = activations;
    }

    @Override
    public String name() {
        return "DeleteActivation";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        activations.delete(call.tenant(), Inputs.text(input, "ActivationId"));
        return null;
    }
}
