package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;

/**
 * The built-in catalogue of AWS-owned documents, read once from the classpath. Lookups accept a
 * plain name or a document ARN; every built-in document has exactly one version, "1".
 */
public final class DocumentCatalogue {
    static final String RESOURCE_ROOT = "/steward/documents/";
    static final String INDEX = RESOURCE_ROOT + "catalogue.json";

    static final String NO_SUCH_DOCUMENT = "The specified document does not exist.";
    static final String NO_SUCH_VERSION = "The document version is not valid or does not exist.";

    /** arn:{partition}:ssm:{region}:{account, empty for AWS-owned}:document/{name} */
    private static final Pattern DOCUMENT_ARN = Pattern.compile("^arn:[^:]+:ssm:[^:]*:[^:]*:document/([^/]+)$");

    private final TreeMap<String, Document> byName = new TreeMap<>();

    DocumentCatalogue(Collection<Document> documents) {
        for (Document document : documents) {
            byName.put(document.name(), document);
        }
    }

    /** The catalogue shipped in the jar; loaded on first use, then shared. */
    public static DocumentCatalogue builtIn() {
        return BuiltIn.CATALOGUE;
    }

    private static final class BuiltIn {
        static final DocumentCatalogue CATALOGUE = load();
    }

    static DocumentCatalogue load() {
        JsonNode index = DocumentParser.readTree(INDEX, resource(INDEX));
        List<Document> documents = new ArrayList<>();
        for (JsonNode entry : index) {
            String name = entry.get("name").asText();
            documents.add(DocumentParser.parse(
                    name,
                    entry.get("documentType").asText(),
                    Instant.parse(entry.get("createdDate").asText()),
                    resource(RESOURCE_ROOT + name + ".json")));
        }
        return new DocumentCatalogue(documents);
    }

    private static String resource(String path) {
        try (InputStream in = DocumentCatalogue.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in document resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document, ordered by name. */
    public List<Document> all() {
        return List.copyOf(byName.values());
    }

    /**
     * The document with that name or ARN at that version: null, $DEFAULT, $LATEST and "1" all
     * name the only version. Empty for an unknown document and for an unknown version; tell them
     * apart with {@link #exists}, or use {@link #require} to get AWS's errors.
     */
    public Optional<Document> find(String nameOrArn, String documentVersion) {
        if (!isKnownVersion(documentVersion)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.get(nameOf(nameOrArn)));
    }

    public boolean exists(String nameOrArn) {
        return byName.containsKey(nameOf(nameOrArn));
    }

    /**
     * The document, or InvalidDocument when there is none by that name (or by that version name:
     * AWS-owned documents have none), or InvalidDocumentVersion when the version is not "1".
     */
    public Document require(String nameOrArn, String documentVersion, String versionName) {
        Document document = byName.get(nameOf(nameOrArn));
        if (document == null || versionName != null) {
            throw new SsmException(ErrorCodes.INVALID_DOCUMENT, NO_SUCH_DOCUMENT);
        }
        if (!isKnownVersion(documentVersion)) {
            throw new SsmException(ErrorCodes.INVALID_DOCUMENT_VERSION, NO_SUCH_VERSION);
        }
        return document;
    }

    public static boolean isKnownVersion(String documentVersion) {
        return documentVersion == null
                || documentVersion.equals("$DEFAULT")
                || documentVersion.equals("$LATEST")
                || documentVersion.equals(Document.VERSION);
    }

    /** The document name inside a document ARN; anything else is taken as a name already. */
    public static String nameOf(String nameOrArn) {
        Matcher arn = DOCUMENT_ARN.matcher(nameOrArn);
        return arn.matches() ? arn.group(1) : nameOrArn;
    }

    /**
     * Checks association (or command) parameters against what the document declares, throwing
     * InvalidParameters with AWS's messages: an undeclared parameter or a value outside the
     * declared allowedValues/allowedPattern fails the whole set, a required parameter without a
     * value is named.
     */
    public void validateAssociationParameters(Document document, Map<String, List<String>> parameters) {
        ParameterValidator.validate(document, parameters == null ? Map.of() : parameters);
    }

    /**
     * Everything CreateAssociation and UpdateAssociation ask of a document: that it exists at that
     * version and accepts those parameters. Throws InvalidDocument, InvalidDocumentVersion or
     * InvalidParameters.
     */
    public void checkAssociation(String nameOrArn, String documentVersion, Map<String, List<String>> parameters) {
        validateAssociationParameters(require(nameOrArn, documentVersion, null), parameters);
    }
}
