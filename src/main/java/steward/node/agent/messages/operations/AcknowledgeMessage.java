package steward.node.agent.messages.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.node.agent.messages.AgentNodeCommands;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** AcknowledgeMessage: the agent took the message; it is never delivered again. */
public final class AcknowledgeMessage implements Operation {
    private final AgentNodeCommands commands;

    public AcknowledgeMessage(AgentNodeCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "AcknowledgeMessage";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        commands.acknowledge(call.instanceId(), Inputs.text(input, "MessageId"));
        return null;
    }
}
