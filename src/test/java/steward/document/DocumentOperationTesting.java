package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.Map;
import steward.document.operations.DocumentOperations;
import steward.storage.Database;
import steward.storage.sql.SqlDocumentStore;
import steward.storage.sql.SqlTagStore;
import steward.storage.sqlite.SqliteDatabase;
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

    /** The document operations over a fresh store of their own, with the built-in documents. */
    static Map<String, Operation> operations() {
        Map<String, Operation> byName = new java.util.HashMap<>();
        for (Operation operation : DocumentOperations.operations(SERVICES.documents(), SERVICES.authoring(),
                new PageTokens(new byte[32]))) {
            byName.put(operation.name(), operation);
        }
        return byName;
    }

    record Services(DocumentService documents, DocumentAuthoring authoring) {
    }

    static final Services SERVICES = services();

    private static Services services() {
        try {
            Database database = new SqliteDatabase(Files.createTempDirectory("steward-documents"));
            SqlDocumentStore store = new SqlDocumentStore(database);
            DocumentService documents = new DocumentService(store, new SqlTagStore(database), DocumentCatalogue.builtIn());
            return new Services(documents, new DocumentAuthoring(store, documents, DocumentUsage.NONE,
                    InstantSource.system()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
