package steward.node.agent.messages.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.node.agent.messages.AgentNodeCommands;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** DeleteMessage (sent by the agent-update plugin after its final reply): the message is never delivered again. */
public final class DeleteMessage implements Operation {
    private final AgentNodeCommands commands;

    public DeleteMessage(AgentNodeCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "DeleteMessage";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        commands.delete(call.instanceId(), Inputs.text(input, "MessageId"));
        return null;
    }
}
