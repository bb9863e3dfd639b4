package steward.association.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.association.AssociationDescription;
import steward.association.AssociationService;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

public final class DescribeAssociation implements Operation {
    record Response(AssociationDescription associationDescription) {
    }

    private final AssociationService associations;

    public DescribeAssociation(AssociationService associations) {
        this.associations = associations;
    }

    @Override
    public String name() {
        return "DescribeAssociation";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        AssociationLocator locator = AssociationLocator.from(input);
        if (locator.byId()) {
            return new Response(associations.describe(call.tenant(), locator.associationId(),
                    Inputs.text(input, "AssociationVersion")));
        }
        return new Response(associations.describeByInstance(call.tenant(), locator.name(), locator.instanceId()));
    }
}
