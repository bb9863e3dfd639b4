package steward.document;

import java.time.Instant;
import java.util.List;

/** The SSM wire shapes the document operations answer with, named as the SSM model names them. */
public final class DocumentShapes {

    private DocumentShapes() {
    }

    public record Tag(String key, String value) {
    }

    /** SSM's DocumentParameter shape. */
    public record ParameterShape(String name, String type, String description, String defaultValue) {
        static ParameterShape of(DocumentParameter parameter) {
            return new ParameterShape(parameter.name(), parameter.type(), parameter.description(),
                    parameter.defaultText());
        }
    }

    /** Components in the order AWS writes the members. */
    public record DocumentDescription(
            String hash,
            String hashType,
            String name,
            String owner,
            Instant createdDate,
            String status,
            String documentVersion,
            String description,
            List<ParameterShape> parameters,
            List<String> platformTypes,
            String documentType,
            String schemaVersion,
            String latestVersion,
            String defaultVersion,
            String documentFormat,
            List<Tag> tags) {

        static DocumentDescription of(Document document) {
            return new DocumentDescription(
                    document.hash(),
                    Document.HASH_TYPE,
                    document.name(),
                    Document.OWNER,
                    document.createdDate(),
                    Document.STATUS,
                    Document.VERSION,
                    document.description(),
                    document.parameters().stream().map(ParameterShape::of).toList(),
                    document.platformTypes(),
                    document.documentType(),
                    document.schemaVersion(),
                    Document.VERSION,
                    Document.VERSION,
                    Document.FORMAT,
                    List.of());
        }
    }

    public record DescribeDocumentResult(DocumentDescription document) {
    }

    public record GetDocumentResult(
            String name,
            Instant createdDate,
            String documentVersion,
            String status,
            String content,
            String documentType,
            String documentFormat) {
    }

    /** targetType stays null: AWS-owned documents declare none, and null members are left out. */
    public record DocumentIdentifier(
            String name,
            Instant createdDate,
            String owner,
            List<String> platformTypes,
            String documentVersion,
            String documentType,
            String schemaVersion,
            String documentFormat,
            String targetType,
            List<Tag> tags) {

        static DocumentIdentifier of(Document document) {
            return new DocumentIdentifier(
                    document.name(),
                    document.createdDate(),
                    Document.OWNER,
                    document.platformTypes(),
                    Document.VERSION,
                    document.documentType(),
                    document.schemaVersion(),
                    Document.FORMAT,
                    null,
                    List.of());
        }
    }

    public record ListDocumentsResult(List<DocumentIdentifier> documentIdentifiers, String nextToken) {
    }
}
