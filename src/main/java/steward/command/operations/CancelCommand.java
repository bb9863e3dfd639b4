package steward.command.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import steward.command.CommandRunner;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * CancelCommand: asks the command's nodes (all, or the listed ones) to stop. As with AWS, the
 * answer is empty and says nothing of the outcome: invocations not yet sent end Cancelled at
 * once, running ones go Cancelling until their node confirms.
 */
public final class CancelCommand implements Operation {
    private final CommandRunner runner;

    public CancelCommand(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "CancelCommand";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        List<String> ids = new ArrayList<>();
        input.path("InstanceIds").forEach(id -> ids.add(id.asText()));
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new SsmException(ErrorCodes.DUPLICATE_INSTANCE_ID, "Instance Id " + id
                        + " is listed more than once in InstanceIds.");
            }
        }
        runner.cancel(call.tenant(), Inputs.text(input, "CommandId"), ids);
        return Map.of();
    }
}
