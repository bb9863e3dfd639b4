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
import java.util.Optional;
import java.util.TreeMap;
import steward.protocol.Json;

/**
 * The built-in AWS-owned documents, read once from the classpath, byte for byte as AWS serves
 * them. Each has exactly one version, "1", owned by Amazon and present in every account and region.
 */
public final class DocumentCatalogue {
    static final String RESOURCE_ROOT = "/steward/documents/";
    static final String INDEX = RESOURCE_ROOT + "catalogue.json";

    private final TreeMap<String, DocumentVersion> byName = new TreeMap<>();

    DocumentCatalogue(Collection<DocumentVersion> documents) {
        for (DocumentVersion document : documents) {
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
        JsonNode index;
        try {
            index = Json.MAPPER.readTree(resource(INDEX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DocumentVersion> documents = new ArrayList<>();
        for (JsonNode entry : index) {
            String name = entry.get("name").asText();
            String content = resource(RESOURCE_ROOT + name + ".json");
            documents.add(new DocumentVersion(DocumentVersion.AMAZON, null, name, 1, null, null,
                    entry.get("documentType").asText(), DocumentContent.JSON, null, content,
                    DocumentContent.sha256(content), Instant.parse(entry.get("createdDate").asText()), null,
                    DocumentContent.read(DocumentContent.JSON, content)));
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
    public List<DocumentVersion> all() {
        return List.copyOf(byName.values());
    }

    /** The document of that plain name (or Amazon ARN). */
    public Optional<DocumentVersion> find(String nameOrArn) {
        DocumentArn arn = DocumentArn.parse(nameOrArn);
        if (arn != null && !arn.account().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.get(DocumentArn.nameOf(nameOrArn)));
    }
}
