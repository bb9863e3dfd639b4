package steward.node.agent.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import steward.protocol.CallContext;
import steward.protocol.Operation;

/**
 * ListInstanceAssociations, which the agent polls to run associations itself. Steward delivers
 * association runs as commands instead (see
 * {@link steward.node.agent.messages.AgentNodeCommands}), so this lists none: the agent's own
 * scheduler stays idle and can never run a run a second time. An empty list is an ordinary
 * answer for the agent (no error, so no fall-back to the legacy association calls).
 */
public final class ListInstanceAssociations implements Operation {
    record Response(List<Object> associations) {
    }

    @Override
    public String name() {
        return "ListInstanceAssociations";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        return new Response(List.of());
    }
}
