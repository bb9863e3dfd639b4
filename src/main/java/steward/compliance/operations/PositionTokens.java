package steward.compliance.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.paging.PageTokens;
import steward.protocol.Json;
import steward.tenant.Tenant;

/** Keyset positions of several columns, sealed as one NextToken (a JSON array inside the seal). */
final class PositionTokens {
    private PositionTokens() {
    }

    static String seal(PageTokens tokens, String operation, Tenant tenant, String binding, List<Object> position) {
        try {
            return tokens.seal(operation, tenant, binding, Json.MAPPER.writeValueAsString(position));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The position's parts; InvalidNextToken unless it has {@code size} of them. */
    static JsonNode open(PageTokens tokens, String operation, Tenant tenant, String binding, String token, int size) {
        String opened = tokens.open(operation, tenant, binding, token);
        try {
            JsonNode position = Json.MAPPER.readTree(opened);
            if (position != null && position.isArray() && position.size() == size) {
                return position;
            }
        } catch (JsonProcessingException e) {
            // falls through to the refusal
        }
        throw new SsmException(ErrorCodes.INVALID_NEXT_TOKEN, "The specified token is not valid.");
    }
}
