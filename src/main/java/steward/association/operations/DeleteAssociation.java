package steward.association.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import steward.association.AssociationService;
import steward.protocol.CallContext;
import steward.protocol.Operation;

public final class DeleteAssociation implements Operation {
    private final AssociationService associations;

    public DeleteAssociation(AssociationService associations) {
        this.associations = associations;
    }

    @Override
    public String name() {
        return "DeleteAssociation";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        AssociationLocator locator = AssociationLocator.from(input);
        if (locator.byId()) {
            associations.delete(call.tenant(), locator.associationId());
        } else {
            associations.deleteByInstance(call.tenant(), locator.name(), locator.instanceId());
        }
        return Map.of();
    }
}
