package steward.node.agent.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The payload of an {@code aws.ssm.sendCommand} message, as the agent's SendCommandPayload reads
 * it: the document content as a JSON object, parameter values shaped by their declared types
 * (a String as its one value, a StringList as an array, a StringMap as its first value),
 * and the output members set so that nothing leaves the machine for S3 or CloudWatch.
 * A parameter the document does not declare, or a String given no value, is left out: the
 * agent would ignore the first and crash on the second, and takes the document's default.
 */
final class SendCommandPayload {
    private SendCommandPayload() {
    }

    static ObjectNode build(String commandId, String documentName, ObjectNode content,
                            Map<String, List<String>> parameters) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("CommandId", commandId);
        payload.put("DocumentName", documentName);
        payload.set("DocumentContent", content);
        payload.set("Parameters", parameters(content, parameters));
        payload.put("OutputS3BucketName", "");
        payload.put("OutputS3KeyPrefix", "");
        payload.put("CloudWatchOutputEnabled", "false");
        payload.put("CloudWatchLogGroupName", "");
        return payload;
    }

    static ObjectNode parameters(ObjectNode content, Map<String, List<String>> given) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        if (given == null) {
            return values;
        }
        JsonNode declared = content.path("parameters");
        given.forEach((name, list) -> {
            JsonNode definition = declared.get(name);
            if (definition == null || list == null) {
                return;
            }
            String type = definition.path("type").asText("String");
            if (type.equals("StringList")) {
                values.set(name, JsonNodeFactory.instance.arrayNode().addAll(list.stream()
                        .map(JsonNodeFactory.instance::textNode).toList()));
            } else if (!list.isEmpty()) {
                values.put(name, list.get(0));
            }
        });
        return values;
    }

    /** The execution timeout the agent applies, in seconds: the executionTimeout parameter, else an hour. */
    static long executionTimeoutSeconds(ObjectNode content, Map<String, List<String>> given) {
        List<String> value = given == null ? null : given.get("executionTimeout");
        String text = value != null && !value.isEmpty() ? value.get(0)
                : content.path("parameters").path("executionTimeout").path("default").asText(null);
        try {
            return text == null ? 3600 : Math.max(1, Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return 3600;
        }
    }
}
