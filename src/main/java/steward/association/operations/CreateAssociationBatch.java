package steward.association.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import steward.association.AssociationDefinition;
import steward.association.AssociationDescription;
import steward.association.AssociationService;
import steward.errors.SsmException;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** Creates each entry on its own: one entry's failure is reported and does not stop the others. */
public final class CreateAssociationBatch implements Operation {
    record Failed(JsonNode entry, String message, String fault) {
    }

    record Response(List<AssociationDescription> successful, List<Failed> failed) {
    }

    private final AssociationService associations;

    public CreateAssociationBatch(AssociationService associations) {
        this.associations = associations;
    }

    @Override
    public String name() {
        return "CreateAssociationBatch";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        List<AssociationDescription> successful = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        for (JsonNode entry : input.get("Entries")) {
            try {
                AssociationDefinition definition = Inputs.as(entry, AssociationDefinition.class);
                successful.add(associations.create(call.tenant(), definition, List.of()));
            } catch (SsmException e) {
                failed.add(new Failed(entry, e.getMessage(), e.serverFault() ? "Server" : "Client"));
            }
        }
        return new Response(successful, failed);
    }
}
