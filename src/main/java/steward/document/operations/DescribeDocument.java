package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.document.DocumentService;
import steward.document.operations.DocumentShapes.DocumentDescription;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** DescribeDocument: Name (or ARN), DocumentVersion, VersionName to {"Document": DocumentDescription}. */
public final class DescribeDocument implements Operation {
    record Response(DocumentDescription document) {
    }

    private final DocumentService documents;

    public DescribeDocument(DocumentService documents) {
        this.documents = documents;
    }

    @Override
    public String name() {
        return "DescribeDocument";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        return new Response(DocumentDescription.of(documents.view(call.tenant(), Inputs.text(input, "Name"),
                Inputs.text(input, "DocumentVersion"), Inputs.text(input, "VersionName"))));
    }
}
