package steward.node.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import steward.node.activation.Activation;
import steward.node.activation.ActivationService;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.tagging.Tag;

/** CreateActivation: the one answer that ever carries the activation code. */
public final class CreateActivation implements Operation {
    record Request(String description, String defaultInstanceName, String iamRole, Integer registrationLimit,
                   Instant expirationDate, List<Tag> tags, List<Activation.RegistrationMetadataItem> registrationMetadata) {
    }

    private final ActivationService activations;

    public CreateActivation(ActivationService activations) {
        this.activations = activations;
    }

    @Override
    public String name() {
        return "CreateActivation";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        Request r = Inputs.as(input, Request.class);
        return activations.create(call.tenant(), new ActivationService.Request(r.description(), r.defaultInstanceName(),
                r.iamRole(), r.registrationLimit(), r.expirationDate(), r.tags(), r.registrationMetadata()));
    }
}
