package steward.association.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.association.AssociationDefinition;
import steward.association.AssociationDescription;
import steward.association.AssociationService;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

public final class UpdateAssociation implements Operation {
    record Response(AssociationDescription associationDescription) {
    }

    private final AssociationService associations;

    public UpdateAssociation(AssociationService associations) {
        this.associations = associations;
    }

    @Override
    public String name() {
        return "UpdateAssociation";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        AssociationDefinition requested = Inputs.as(input, AssociationDefinition.class);
        return new Response(associations.update(call.tenant(), Inputs.text(input, "AssociationId"),
                Inputs.text(input, "AssociationVersion"), requested));
    }
}
