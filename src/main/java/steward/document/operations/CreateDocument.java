package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import steward.document.DocumentAuthoring;
import steward.document.DocumentAuthoring.Draft;
import steward.document.operations.DocumentShapes.DocumentDescription;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.tagging.Tag;

/**
 * CreateDocument: version 1 of a new document. The answer says Status Creating, as AWS's does;
 * the document is Active for every later call, since Steward has nothing to do in between.
 * Attachments are accepted and not kept: Steward has no S3 to fetch them from.
 */
public final class CreateDocument implements Operation {
    record Request(String content, String name, String documentType, String documentFormat, String versionName,
                   String displayName, String targetType, JsonNode requires, List<Tag> tags) {
    }

    record Response(DocumentDescription documentDescription) {
    }

    private final DocumentAuthoring authoring;

    public CreateDocument(DocumentAuthoring authoring) {
        this.authoring = authoring;
    }

    @Override
    public String name() {
        return "CreateDocument";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        Request r = Inputs.as(input, Request.class);
        Draft draft = new Draft(r.content(), r.documentFormat(), r.documentType(), r.versionName(), r.displayName(),
                r.targetType(), r.requires());
        return new Response(DocumentDescription.of(authoring.create(call.tenant(), r.name(), draft,
                r.tags() == null ? List.of() : r.tags())));
    }
}
