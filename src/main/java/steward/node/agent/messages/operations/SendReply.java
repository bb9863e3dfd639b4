package steward.node.agent.messages.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.node.agent.messages.AgentNodeCommands;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** SendReply: one progress, plugin or final report of a command, folded into its invocation. */
public final class SendReply implements Operation {
    record Response(String messageId, String replyId, String replyStatus) {
    }

    private final AgentNodeCommands commands;

    public SendReply(AgentNodeCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "SendReply";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String messageId = Inputs.text(input, "MessageId");
        String replyId = Inputs.text(input, "ReplyId");
        commands.reply(call.instanceId(), messageId, replyId, Inputs.text(input, "Payload"));
        return new Response(messageId, replyId, "Queued");
    }
}
