package steward.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.node.NodeBehavior;
import steward.node.NodeRegistration;
import steward.protocol.Json;
import steward.protocol.JsonBodies;
import steward.tagging.Tag;

/**
 * Reads control API request bodies strictly: wrong JSON types and unknown members are
 * ValidationExceptions naming the member, so a typo ("Behaviour") fails loudly instead of
 * silently taking a default. JSON nulls count as absent.
 */
final class ControlBodies {
    private ControlBodies() {
    }

    static JsonNode object(byte[] body) {
        return JsonBodies.object(body);
    }

    static NodeRegistration registration(JsonNode body) {
        onlyMembers(body, "", "InstanceId", "ComputerName", "PlatformType", "Tags", "Behavior");
        JsonNode behavior = present(body.get("Behavior"));
        return new NodeRegistration(text(body, "InstanceId", ""), text(body, "ComputerName", ""),
                text(body, "PlatformType", ""), tags(present(body.get("Tags"))),
                behavior == null ? null : behavior(behavior, "Behavior."));
    }

    /** A Behavior object; {@code path} prefixes member names in messages ("Behavior." inside a node). */
    static NodeBehavior behavior(JsonNode node, String path) {
        if (!node.isObject()) {
            throw invalid(path.isEmpty() ? "The request body" : path.substring(0, path.length() - 1), "a JSON object");
        }
        onlyMembers(node, path, "Status", "DurationMillis", "ExitCode", "Stdout", "Stderr", "Offline");
        String status = text(node, "Status", path);
        if (status == null) {
            throw SsmException.validation(path + "Status is required.");
        }
        JsonNode duration = present(node.get("DurationMillis"));
        if (duration != null && !(duration.isIntegralNumber() && duration.canConvertToLong())) {
            throw invalid(path + "DurationMillis", "a whole number of milliseconds");
        }
        JsonNode exitCode = present(node.get("ExitCode"));
        if (exitCode != null && !(exitCode.isIntegralNumber() && exitCode.canConvertToInt())) {
            throw invalid(path + "ExitCode", "a whole number");
        }
        JsonNode offline = present(node.get("Offline"));
        if (offline != null && !offline.isBoolean()) {
            throw invalid(path + "Offline", "true or false");
        }
        return new NodeBehavior(status, duration == null ? 0 : duration.asLong(),
                exitCode == null ? null : exitCode.asInt(), text(node, "Stdout", path), text(node, "Stderr", path),
                offline != null && offline.asBoolean());
    }

    static String alarmState(JsonNode body) {
        onlyMembers(body, "", "State");
        String state = text(body, "State", "");
        if (state == null) {
            throw SsmException.validation("State is required.");
        }
        return state;
    }

    private static List<Tag> tags(JsonNode tags) {
        if (tags == null) {
            return null;
        }
        if (!tags.isArray()) {
            throw invalid("Tags", "a list of {\"Key\", \"Value\"} objects");
        }
        List<Tag> result = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            String path = "Tags[" + i + "].";
            JsonNode tag = tags.get(i);
            if (!tag.isObject()) {
                throw invalid("Tags[" + i + "]", "an object with Key and Value");
            }
            onlyMembers(tag, path, "Key", "Value");
            result.add(new Tag(text(tag, "Key", path), text(tag, "Value", path)));
        }
        return result;
    }

    private static String text(JsonNode node, String member, String path) {
        JsonNode value = present(node.get(member));
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(path + member, "a string");
        }
        return value.asText();
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static void onlyMembers(JsonNode node, String path, String... allowed) {
        List<String> known = List.of(allowed);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw SsmException.validation("Unknown member " + path + name + "; expected "
                        + String.join(", ", known) + ".");
            }
        }
    }

    private static SsmException invalid(String member, String expected) {
        return SsmException.validation(member + " must be " + expected + ".");
    }
}
