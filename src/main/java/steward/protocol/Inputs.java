package steward.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;

/** Reading members of an already validated input. */
public final class Inputs {
    private Inputs() {
    }

    public static String text(JsonNode input, String member) {
        JsonNode value = input.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    public static int integer(JsonNode input, String member, int defaultValue) {
        JsonNode value = input.get(member);
        return value == null || value.isNull() ? defaultValue : value.asInt();
    }

    public static <T> T as(JsonNode input, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(input, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SsmException(ErrorCodes.SERIALIZATION, "Could not read the request: " + e.getMessage());
        }
    }
}
