package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import steward.document.DocumentAuthoring;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** DeleteDocument: the whole document (refused while associations use it), or one version that is not the default. */
public final class DeleteDocument implements Operation {
    private final DocumentAuthoring authoring;

    public DeleteDocument(DocumentAuthoring authoring) {
        this.authoring = authoring;
    }

    @Override
    public String name() {
        return "DeleteDocument";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        authoring.delete(call.tenant(), Inputs.text(input, "Name"), Inputs.text(input, "DocumentVersion"),
                Inputs.text(input, "VersionName"), input.path("Force").asBoolean(false));
        return Map.of();
    }
}
