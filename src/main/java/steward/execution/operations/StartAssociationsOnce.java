package steward.execution.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import steward.association.Association;
import steward.association.AssociationService;
import steward.execution.runner.AssociationRunner;
import steward.protocol.CallContext;
import steward.protocol.Operation;

/** Runs each association once, now. Every id is checked before any run starts. */
public final class StartAssociationsOnce implements Operation {
    private final AssociationService associations;
    private final AssociationRunner runner;

    public StartAssociationsOnce(AssociationService associations, AssociationRunner runner) {
        this.associations = associations;
        this.runner = runner;
    }

    @Override
    public String name() {
        return "StartAssociationsOnce";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        List<Association> found = new ArrayList<>();
        for (JsonNode id : input.get("AssociationIds")) {
            found.add(associations.require(call.tenant(), id.asText()));
        }
        found.forEach(runner::startFullRun);
        return Map.of();
    }
}
