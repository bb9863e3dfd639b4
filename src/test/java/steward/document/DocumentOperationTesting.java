package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Json;
import steward.protocol.Operation;
import steward.tenant.Tenant;

/** Calls operations the way the dispatcher does, and reads their answers as they go on the wire. */
final class DocumentOperationTesting {
    static final Tenant TENANT = new Tenant("111122223333", "eu-west-1");
    static final CallContext CALL = new CallContext(TENANT, "AKIDEXAMPLE", "request-1");

    private DocumentOperationTesting() {
    }

    static Map<String, Operation> operations() {
        Map<String, Operation> byName = new java.util.HashMap<>();
        for (Operation operation : DocumentOperations.operations(DocumentCatalogue.builtIn(), new PageTokens(new byte[32]))) {
            byName.put(operation.name(), operation);
        }
        return byName;
    }

    static ObjectNode input() {
        return Json.MAPPER.createObjectNode();
    }

    /** The operation's output serialized and read back, as a client would see it. */
    static JsonNode call(Operation operation, JsonNode input) {
        return call(operation, CALL, input);
    }

    static JsonNode call(Operation operation, CallContext call, JsonNode input) {
        Object output = operation.handle(call, input);
        return Json.MAPPER.valueToTree(output);
    }
}
