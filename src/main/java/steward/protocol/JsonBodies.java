package steward.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;

/**
 * Request bodies as JSON objects, for the AWS API and the control API alike. The bytes are
 * decoded as strict UTF-8 first: Jackson's byte parser matches member names against names it
 * has seen before it decodes them, so an invalid byte inside a name (or an overlong form)
 * could otherwise pass as a real member. Anything after the object is refused too.
 */
public final class JsonBodies {
    private JsonBodies() {
    }

    /** The body as an object; an empty body is {@code {}}. Anything else is SerializationException. */
    public static JsonNode object(byte[] body) {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new SsmException(ErrorCodes.SERIALIZATION, "Request body is not valid UTF-8.");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new SsmException(ErrorCodes.SERIALIZATION, "Request body nests deeper than " + Json.MAX_DEPTH + " levels.");
        } catch (JsonProcessingException e) {
            throw new SsmException(ErrorCodes.SERIALIZATION, "Request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new SsmException(ErrorCodes.SERIALIZATION, "Request body must be a JSON object.");
        }
        return node;
    }
}
