package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.document.DocumentAuthoring;
import steward.document.DocumentVersion;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** UpdateDocumentDefaultVersion: which version $DEFAULT (and every association that names it) runs from now on. */
public final class UpdateDocumentDefaultVersion implements Operation {
    record Description(String name, String defaultVersion, String defaultVersionName) {
    }

    record Response(Description description) {
    }

    private final DocumentAuthoring authoring;

    public UpdateDocumentDefaultVersion(DocumentAuthoring authoring) {
        this.authoring = authoring;
    }

    @Override
    public String name() {
        return "UpdateDocumentDefaultVersion";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        DocumentVersion v = authoring.setDefaultVersion(call.tenant(), Inputs.text(input, "Name"),
                Inputs.text(input, "DocumentVersion"));
        return new Response(new Description(v.name(), v.documentVersion(), v.versionName()));
    }
}
