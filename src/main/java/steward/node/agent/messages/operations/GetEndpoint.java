package steward.node.agent.messages.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.protocol.CallContext;
import steward.protocol.Operation;

/**
 * GetEndpoint (which the agent never calls): this server is the endpoint, so it answers its own
 * address.
 */
public final class GetEndpoint implements Operation {
    record Response(String endpoint) {
    }

    private final java.util.function.Supplier<String> endpoint;

    public GetEndpoint(java.util.function.Supplier<String> endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String name() {
        return "GetEndpoint";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        return new Response(endpoint.get());
    }
}
