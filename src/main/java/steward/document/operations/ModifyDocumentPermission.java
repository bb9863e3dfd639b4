package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import steward.document.DocumentAuthoring;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** ModifyDocumentPermission: share a document with accounts, or with All (public), or stop sharing it. */
public final class ModifyDocumentPermission implements Operation {
    record Request(String name, List<String> accountIdsToAdd, List<String> accountIdsToRemove,
                   String sharedDocumentVersion) {
    }

    private final DocumentAuthoring authoring;

    public ModifyDocumentPermission(DocumentAuthoring authoring) {
        this.authoring = authoring;
    }

    @Override
    public String name() {
        return "ModifyDocumentPermission";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        Request r = Inputs.as(input, Request.class);
        authoring.share(call.tenant(), r.name(), r.accountIdsToAdd(), r.accountIdsToRemove(), r.sharedDocumentVersion());
        return Map.of();
    }
}
