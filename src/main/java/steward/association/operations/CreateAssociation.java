package steward.association.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import steward.association.AssociationDefinition;
import steward.association.AssociationDescription;
import steward.association.AssociationService;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.tagging.Tag;

public final class CreateAssociation implements Operation {
    record Request(List<Tag> tags) {
    }

    record Response(AssociationDescription associationDescription) {
    }

    private final AssociationService associations;

    public CreateAssociation(AssociationService associations) {
        this.associations = associations;
    }

    @Override
    public String name() {
        return "CreateAssociation";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        AssociationDefinition definition = Inputs.as(input, AssociationDefinition.class);
        List<Tag> tags = Inputs.as(input, Request.class).tags();
        return new Response(associations.create(call.tenant(), definition, tags == null ? List.of() : tags));
    }
}
