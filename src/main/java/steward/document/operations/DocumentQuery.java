package steward.document.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import steward.document.DocumentService.Ownership;
import steward.document.DocumentVersion;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.Json;
import steward.tagging.Tag;

/**
 * The filters of one ListDocuments request: the deprecated DocumentFilterList and the Filters
 * list, all of which a document must match. Within one Filters key, any value may match.
 * Conditions on the document itself are tested before those that need its default version.
 */
final class DocumentQuery {
    static final String INVALID_KEY = "The specified key is not valid.";
    static final String ONE_OWNER = "Owner filter can only have one value.";
    private static final List<String> OWNERS = List.of("Self", "Amazon", "Private", "Public", "All", "ThirdParty");

    /** One document as the filters see it: why the caller sees it, its default version, its tags. */
    interface Candidate {
        String shownName();

        Ownership ownership();

        boolean isPublic();

        DocumentVersion version();

        List<Tag> tags();
    }

    private final List<Predicate<Candidate>> conditions = new ArrayList<>();
    /** Canonical text of the filters, so a NextToken only opens under the same filters. */
    private final List<String> canonical = new ArrayList<>();

    private DocumentQuery() {
    }

    static DocumentQuery of(JsonNode input) {
        DocumentQuery query = new DocumentQuery();
        for (JsonNode filter : input.path("DocumentFilterList")) {
            query.add("legacy", filter.get("key").asText(), List.of(filter.get("value").asText()));
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

    private static Predicate<Candidate> condition(String key, List<String> values) {
        if (key.startsWith("tag:") && key.length() > 4) {
            String tagKey = key.substring(4);
            return c -> c.tags().stream().anyMatch(t -> t.key().equals(tagKey)
                    && (values.isEmpty() || values.contains(t.value())));
        }
        return switch (key) {
            case "Owner" -> {
                if (values.size() > 1) {
                    throw SsmException.validation(ONE_OWNER);
                }
                // An owner that is none of AWS's words owns nothing, as AWS answers it.
                String owner = values.isEmpty() ? "All" : OWNERS.stream()
                        .filter(o -> o.equalsIgnoreCase(values.get(0))).findFirst().orElse("ThirdParty");
                yield c -> owns(owner, c);
            }
            case "Name" -> c -> values.stream().anyMatch(c.shownName()::startsWith);
            case "tag-key" -> c -> c.tags().stream().anyMatch(t -> values.contains(t.key()));
            case "PlatformTypes" -> c -> values.stream().anyMatch(c.version().platformTypes()::contains);
            case "DocumentType" -> c -> values.contains(c.version().documentType());
            case "SchemaVersion" -> c -> values.contains(c.version().schemaVersion());
            case "TargetType" -> c -> values.contains(c.version().targetType());
            case "SearchKeyword" -> c -> values.stream().anyMatch(v -> contains(c.shownName(), v)
                    || contains(c.version().description(), v) || contains(c.version().displayName(), v));
            default -> throw new SsmException(ErrorCodes.INVALID_FILTER_KEY, INVALID_KEY);
        };
    }

    private static boolean owns(String owner, Candidate c) {
        return switch (owner) {
            case "Self" -> c.ownership() == Ownership.SELF;
            case "Amazon" -> c.ownership() == Ownership.AMAZON;
            case "Private" -> c.ownership() == Ownership.PRIVATE;
            case "Public" -> c.isPublic() && c.ownership() != Ownership.AMAZON;
            case "ThirdParty" -> false;
            default -> true;
        };
    }

    private static boolean contains(String text, String keyword) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(keyword.toLowerCase(Locale.ROOT));
    }

    boolean matches(Candidate candidate) {
        return conditions.stream().allMatch(c -> c.test(candidate));
    }

    String binding() {
        try {
            return Json.MAPPER.writeValueAsString(canonical.stream().sorted().toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
