package steward.association.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import steward.association.Association;
import steward.association.AssociationOverview;
import steward.association.AssociationService;
import steward.association.Target;
import steward.errors.SsmException;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.AssociationQuery;

/**
 * ListAssociations, keyset-paged in creation order. Filters with the same key must agree:
 * two different values for one key match nothing, as AND of two equalities would.
 */
public final class ListAssociations implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;

    record Item(String name, String instanceId, String associationId, String associationVersion, String documentVersion,
                List<Target> targets, Instant lastExecutionDate, AssociationOverview overview, String scheduleExpression,
                String associationName, Integer scheduleOffset, Integer duration, JsonNode targetMaps) {
        static Item of(Association a) {
            var d = a.definition();
            return new Item(d.name(), d.instanceId(), a.associationId(), Integer.toString(a.latestVersion()),
                    d.documentVersion(), d.targets(), a.lastExecutionDate(), a.overview(), d.scheduleExpression(),
                    d.associationName(), d.scheduleOffset(), d.duration(), d.targetMaps());
        }
    }

    record Response(List<Item> associations, String nextToken) {
    }

    private final AssociationService associations;
    private final PageTokens tokens;

    public ListAssociations(AssociationService associations, PageTokens tokens) {
        this.associations = associations;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "ListAssociations";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        Map<String, String> filters = new TreeMap<>();
        boolean contradictory = false;
        for (JsonNode filter : input.path("AssociationFilterList")) {
            String previous = filters.putIfAbsent(filter.get("key").asText(), filter.get("value").asText());
            contradictory |= previous != null && !previous.equals(filter.get("value").asText());
        }
        AssociationQuery query = query(filters);
        String binding = filters.toString();
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        String token = Inputs.text(input, "NextToken");
        long after = token == null ? 0 : tokens.openNumber(name(), call.tenant(), binding, token);
        if (contradictory) {
            return new Response(List.of(), null);
        }
        Page<Association> page = Page.of(associations.list(call.tenant(), query, after, limit + 1), limit);
        String next = page.more() ? tokens.seal(name(), call.tenant(), binding, Long.toString(page.last().seq())) : null;
        return new Response(page.items().stream().map(Item::of).toList(), next);
    }

    private static AssociationQuery query(Map<String, String> f) {
        Map<String, Instant> times = new HashMap<>();
        for (String key : List.of("LastExecutedBefore", "LastExecutedAfter")) {
            if (f.containsKey(key)) {
                times.put(key, timestamp(key, f.get(key)));
            }
        }
        return new AssociationQuery(f.get("InstanceId"), f.get("Name"), f.get("AssociationId"),
                f.get("AssociationStatusName"), times.get("LastExecutedBefore"), times.get("LastExecutedAfter"),
                f.get("AssociationName"), f.get("ResourceGroupName"));
    }

    private static Instant timestamp(String key, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw SsmException.validation("The value '" + value + "' of filter " + key
                    + " is not an ISO-8601 timestamp such as 2024-05-07T00:00:00Z.");
        }
    }
}
