package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import steward.document.DocumentShapes.DescribeDocumentResult;
import steward.document.DocumentShapes.DocumentDescription;
import steward.protocol.CallContext;
import steward.protocol.Operation;

/** DescribeDocument: Name (or ARN), DocumentVersion, VersionName to {"Document": DocumentDescription}. */
public final class DescribeDocument implements Operation {
    private final DocumentCatalogue catalogue;

    public DescribeDocument(DocumentCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public String name() {
        return "DescribeDocument";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        Document document = catalogue.require(
                input.get("Name").asText(),
                input.path("DocumentVersion").asText(null),
                input.path("VersionName").asText(null));
        return new DescribeDocumentResult(DocumentDescription.of(document));
    }
}
