package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import steward.document.DocumentShapes.GetDocumentResult;
import steward.errors.SsmException;
import steward.protocol.CallContext;
import steward.protocol.Operation;

/**
 * GetDocument: the document's content as a string. JSON is the stored content byte for byte, YAML
 * is converted from it the way AWS converts between the two; TEXT is only for documents written
 * as text, which none of the built-in ones are.
 */
public final class GetDocument implements Operation {
    private final DocumentCatalogue catalogue;

    public GetDocument(DocumentCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public String name() {
        return "GetDocument";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        Document document = catalogue.require(
                input.get("Name").asText(),
                input.path("DocumentVersion").asText(null),
                input.path("VersionName").asText(null));
        String format = input.path("DocumentFormat").asText(Document.FORMAT);
        String content = switch (format) {
            case "JSON" -> document.content();
            case "YAML" -> YamlRenderer.render(DocumentParser.readTree(document.name(), document.content()));
            default -> throw SsmException.validation("Invalid document format " + format);
        };
        return new GetDocumentResult(
                document.name(),
                document.createdDate(),
                Document.VERSION,
                Document.STATUS,
                content,
                document.documentType(),
                format);
    }
}
