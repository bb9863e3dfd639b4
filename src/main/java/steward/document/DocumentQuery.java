package steward.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.Json;

/**
 * The filters of one ListDocuments request: the deprecated DocumentFilterList and the Filters
 * list, all of which a document must match. Within one Filters key, any value may match.
 */
final class DocumentQuery {
    static final String INVALID_KEY = "The specified key is not valid.";
    static final String ONE_OWNER = "Owner filter can only have one value.";

    private final List<Predicate<Document>> conditions = new ArrayList<>();
    /** Canonical text of the filters, so a NextToken only opens under the same filters. */
    private final List<String> canonical = new ArrayList<>();

    private DocumentQuery() {
    }

    static DocumentQuery of(JsonNode input) {
        DocumentQuery query = new DocumentQuery();
        for (JsonNode filter : input.path("DocumentFilterList")) {
            String key = filter.get("key").asText();
            String value = filter.get("value").asText();
            query.add("legacy", key, List.of(value));
        }
        for (JsonNode filter : input.path("Filters")) {
            List<String> values = new ArrayList<>();
            filter.path("Values").forEach(v -> values.add(v.asText()));
            query.add("filter", filter.path("Key").asText(), values);
        }
        return query;
    }

    private void add(String kind, String key, List<String> values) {
        conditions.add(condition(key, values));
        List<String> sorted = values.stream().sorted().toList();
        canonical.add(kind + "\u0000" + key + "\u0000" + String.join("\u0000", sorted));
    }

    private static Predicate<Document> condition(String key, List<String> values) {
        if (key.startsWith("tag:")) {
            return document -> false; // built-in documents carry no tags
        }
        return switch (key) {
            case "Owner" -> {
                if (values.size() > 1) {
                    throw SsmException.validation(ONE_OWNER);
                }
                yield document -> values.stream().anyMatch(DocumentQuery::ownerIncludesAmazon);
            }
            case "Name" -> document -> values.stream().anyMatch(document.name()::startsWith);
            case "PlatformTypes" -> document -> values.stream().anyMatch(document.platformTypes()::contains);
            case "DocumentType" -> document -> values.contains(document.documentType());
            case "SchemaVersion" -> document -> values.contains(document.schemaVersion());
            case "TargetType" -> document -> false; // AWS-owned documents declare no target type
            case "SearchKeyword" -> document -> values.stream().anyMatch(v ->
                    document.name().toLowerCase(Locale.ROOT).contains(v.toLowerCase(Locale.ROOT)));
            default -> throw new SsmException(ErrorCodes.INVALID_FILTER_KEY, INVALID_KEY);
        };
    }

    /** Amazon's documents are listed for Amazon and All; Self, Private, Public and ThirdParty are other owners. */
    private static boolean ownerIncludesAmazon(String owner) {
        return owner.equalsIgnoreCase(Document.OWNER) || owner.equalsIgnoreCase("All");
    }

    boolean matches(Document document) {
        return conditions.stream().allMatch(c -> c.test(document));
    }

    String binding() {
        try {
            return Json.MAPPER.writeValueAsString(canonical.stream().sorted().toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
