package steward.node.agent.messages.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.node.agent.messages.AgentNodeCommands;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** FailMessage: the agent could not handle the message (an unknown topic, an unreadable cancel). */
public final class FailMessage implements Operation {
    private final AgentNodeCommands commands;

    public FailMessage(AgentNodeCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "FailMessage";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        commands.fail(call.instanceId(), Inputs.text(input, "MessageId"));
        return null;
    }
}
