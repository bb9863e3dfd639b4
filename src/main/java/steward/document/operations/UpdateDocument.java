package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.document.DocumentAuthoring;
import steward.document.DocumentAuthoring.Draft;
import steward.document.operations.DocumentShapes.DocumentDescription;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** UpdateDocument: the next version of a document the caller owns, answered with Status Updating. */
public final class UpdateDocument implements Operation {
    record Request(String content, String name, String documentVersion, String documentFormat, String versionName,
                   String displayName, String targetType) {
    }

    record Response(DocumentDescription documentDescription) {
    }

    private final DocumentAuthoring authoring;

    public UpdateDocument(DocumentAuthoring authoring) {
        this.authoring = authoring;
    }

    @Override
    public String name() {
        return "UpdateDocument";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        Request r = Inputs.as(input, Request.class);
        Draft draft = new Draft(r.content(), r.documentFormat(), null, r.versionName(), r.displayName(),
                r.targetType(), null);
        return new Response(DocumentDescription.of(authoring.update(call.tenant(), r.name(), r.documentVersion(), draft)));
    }
}
