package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import steward.document.DocumentParameter;
import steward.document.DocumentVersion;
import steward.document.DocumentView;
import steward.tagging.Tag;

/** The SSM wire shapes the document operations answer with, named as the SSM model names them. */
final class DocumentShapes {

    private DocumentShapes() {
    }

    /** SSM's DocumentParameter shape. */
    record ParameterShape(String name, String type, String description, String defaultValue) {
        static ParameterShape of(DocumentParameter parameter) {
            return new ParameterShape(parameter.name(), parameter.type(), parameter.description(),
                    parameter.defaultText());
        }
    }

    /** Components in the order AWS writes the members. */
    record DocumentDescription(
            String hash,
            String hashType,
            String name,
            String displayName,
            String versionName,
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
            String targetType,
            List<Tag> tags,
            JsonNode requires) {

        static DocumentDescription of(DocumentView view) {
            DocumentVersion v = view.version();
            return new DocumentDescription(
                    v.hash(),
                    DocumentVersion.HASH_TYPE,
                    view.shownName(),
                    v.displayName(),
                    v.versionName(),
                    view.owner(),
                    v.createdDate(),
                    view.status(),
                    v.documentVersion(),
                    v.description(),
                    v.parameters().stream().map(ParameterShape::of).toList(),
                    v.platformTypes(),
                    v.documentType(),
                    v.schemaVersion(),
                    Integer.toString(view.head().latestVersion()),
                    Integer.toString(view.head().defaultVersion()),
                    v.documentFormat(),
                    v.targetType(),
                    view.tags(),
                    v.requires());
        }
    }

    record DocumentIdentifier(
            String name,
            Instant createdDate,
            String displayName,
            String owner,
            String versionName,
            List<String> platformTypes,
            String documentVersion,
            String documentType,
            String schemaVersion,
            String documentFormat,
            String targetType,
            List<Tag> tags,
            JsonNode requires) {

        static DocumentIdentifier of(DocumentView view) {
            DocumentVersion v = view.version();
            return new DocumentIdentifier(view.shownName(), view.head().createdDate(), v.displayName(), view.owner(),
                    v.versionName(), v.platformTypes(), v.documentVersion(), v.documentType(), v.schemaVersion(),
                    v.documentFormat(), v.targetType(), view.tags(), v.requires());
        }
    }

    record DocumentVersionInfo(String name, String displayName, String documentVersion, String versionName,
                               Instant createdDate, Boolean isDefaultVersion, String documentFormat, String status) {
        static DocumentVersionInfo of(DocumentView view) {
            DocumentVersion v = view.version();
            return new DocumentVersionInfo(view.shownName(), v.displayName(), v.documentVersion(), v.versionName(),
                    v.createdDate(), v.version() == view.head().defaultVersion(), v.documentFormat(), view.status());
        }
    }
}
