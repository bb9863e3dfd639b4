package steward.node.agent.messages.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import steward.errors.SsmException;
import steward.node.agent.messages.AgentMessage;
import steward.node.agent.messages.MessageQueue;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * GetMessages, the agent's long poll: answers as soon as a message for its node is queued, or
 * empty after the hold ({@link MessageQueue}). Every member of a Message is present; CreatedDate
 * is a string ({@code yyyy-MM-ddTHH:mm:ss.SSSZ}), not an epoch number, because the agent parses
 * it with that exact layout.
 */
public final class GetMessages implements Operation {
    static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    record Message(String createdDate, String destination, String messageId, String payload, String payloadDigest,
                   String topic) {
    }

    record Response(String destination, List<Message> messages, String messagesRequestId) {
    }

    private final MessageQueue queue;

    public GetMessages(MessageQueue queue) {
        this.queue = queue;
    }

    @Override
    public String name() {
        return "GetMessages";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String destination = Inputs.text(input, "Destination");
        JsonNode visibility = input.get("VisibilityTimeoutInSeconds");
        List<AgentMessage> due;
        try {
            due = queue.poll(destination, visibility == null || visibility.isNull() ? null : visibility.asInt());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SsmException("RequestTimeoutException", "The server stopped while the poll was open.");
        }
        return new Response(destination, due.stream().map(m -> new Message(CREATED.format(m.createdDate()),
                m.instanceId(), m.messageId(), m.payload(), sha256(m.payload()), m.topic())).toList(),
                Inputs.text(input, "MessagesRequestId"));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
