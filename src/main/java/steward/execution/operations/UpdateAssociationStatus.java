package steward.execution.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.association.AssociationDescription;
import steward.association.AssociationService;
import steward.association.AssociationStatus;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** Sets the legacy status of a Name + InstanceId association, as an agent reports it. */
public final class UpdateAssociationStatus implements Operation {
    record Request(AssociationStatus associationStatus) {
    }

    record Response(AssociationDescription associationDescription) {
    }

    private final AssociationService associations;

    public UpdateAssociationStatus(AssociationService associations) {
        this.associations = associations;
    }

    @Override
    public String name() {
        return "UpdateAssociationStatus";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        AssociationStatus status = Inputs.as(input, Request.class).associationStatus();
        return new Response(associations.updateInstanceStatus(call.tenant(), Inputs.text(input, "Name"),
                Inputs.text(input, "InstanceId"), status));
    }
}
