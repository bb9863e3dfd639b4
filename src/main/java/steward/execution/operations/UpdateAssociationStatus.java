package steward.execution.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.association.AssociationDescription;
import steward.association.AssociationService;
import steward.association.AssociationStatus;
import steward.node.NodeDirectory;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * Sets an association's status for a node, as an agent reports it: the Name + InstanceId
 * association, or else the association of that document whose targets select the node.
 */
public final class UpdateAssociationStatus implements Operation {
    record Request(AssociationStatus associationStatus) {
    }

    record Response(AssociationDescription associationDescription) {
    }

    private final AssociationService associations;
    private final NodeDirectory nodes;

    public UpdateAssociationStatus(AssociationService associations, NodeDirectory nodes) {
        this.associations = associations;
        this.nodes = nodes;
    }

    @Override
    public String name() {
        return "UpdateAssociationStatus";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        AssociationStatus status = Inputs.as(input, Request.class).associationStatus();
        String instanceId = Inputs.text(input, "InstanceId");
        var node = nodes.find(call.tenant(), instanceId);
        return new Response(associations.updateInstanceStatus(call.tenant(), Inputs.text(input, "Name"), instanceId,
                status, association -> node.isPresent() && nodes.selects(node.get(), association.definition().targets(),
                        null)));
    }
}
