package steward.association.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.errors.SsmException;
import steward.protocol.Inputs;

/** DescribeAssociation and DeleteAssociation name an association by id, or by legacy Name + InstanceId. */
record AssociationLocator(String associationId, String name, String instanceId) {
    static AssociationLocator from(JsonNode input) {
        AssociationLocator locator = new AssociationLocator(Inputs.text(input, "AssociationId"),
                Inputs.text(input, "Name"), Inputs.text(input, "InstanceId"));
        if (locator.associationId == null && (locator.name == null || locator.instanceId == null)) {
            throw SsmException.validation("Specify AssociationId, or both Name and InstanceId.");
        }
        return locator;
    }

    boolean byId() {
        return associationId != null;
    }
}
