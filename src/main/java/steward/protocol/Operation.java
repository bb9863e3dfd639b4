package steward.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One AWS operation, from a validated JSON input to an output object. Implementations know
 * nothing of HTTP: the protocol layer has already checked the input against the service
 * model, and serializes whatever is returned (records, maps or JSON nodes) with {@link Json}.
 */
public interface Operation {
    /** The operation's name as it appears after {@code AmazonSSM.} in X-Amz-Target. */
    String name();

    Object handle(CallContext call, JsonNode input);

    /** How callers prove who they are; SigV4 unless the operation is one an agent signs otherwise. */
    default Authentication authentication() {
        return Authentication.SIGV4;
    }
}
