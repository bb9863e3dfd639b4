package steward.node.agent.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiPredicate;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.tenant.Tenant;

/**
 * UpdateInstanceAssociationStatus, the agent's report on an association it ran itself. Steward
 * lists no associations to agents (it runs them as commands), so a report can only come from
 * an agent that ran one from an older listing or a refresh: it is acknowledged when the
 * association exists, and recorded nowhere, because the run Steward started keeps the history.
 */
public final class UpdateInstanceAssociationStatus implements Operation {
    private final BiPredicate<Tenant, String> associationExists;

    public UpdateInstanceAssociationStatus(BiPredicate<Tenant, String> associationExists) {
        this.associationExists = associationExists;
    }

    @Override
    public String name() {
        return "UpdateInstanceAssociationStatus";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String associationId = Inputs.text(input, "AssociationId");
        if (!associationExists.test(call.tenant(), associationId)) {
            throw new SsmException(ErrorCodes.ASSOCIATION_DOES_NOT_EXIST, "Association " + associationId
                    + " does not exist.");
        }
        return null;
    }
}
