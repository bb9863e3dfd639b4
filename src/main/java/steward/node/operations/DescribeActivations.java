package steward.node.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import steward.errors.SsmException;
import steward.node.activation.Activation;
import steward.node.activation.ActivationFilter;
import steward.node.activation.ActivationService;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.tagging.Tag;

/**
 * DescribeActivations, keyset-paged in creation order. Values of one filter are alternatives;
 * different keys, and repeated keys, must all hold. A filter without values is InvalidFilter.
 */
public final class DescribeActivations implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;

    record Item(String activationId, String description, String defaultInstanceName, String iamRole,
                int registrationLimit, int registrationsCount, Instant expirationDate, boolean expired,
                Instant createdDate, List<Tag> tags) {
    }

    record Response(List<Item> activationList, String nextToken) {
    }

    private final ActivationService activations;
    private final PageTokens tokens;

    public DescribeActivations(ActivationService activations, PageTokens tokens) {
        this.activations = activations;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "DescribeActivations";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        Map<String, Set<String>> byKey = new TreeMap<>();
        for (JsonNode filter : input.path("Filters")) {
            String key = Inputs.text(filter, "FilterKey");
            if (key == null) {
                throw new SsmException("InvalidFilter", "Each filter needs a FilterKey: ActivationIds, "
                        + "DefaultInstanceName or IamRole.");
            }
            JsonNode values = filter.get("FilterValues");
            if (values == null || values.isNull() || values.isEmpty()) {
                throw new SsmException("InvalidFilter", "Filter " + key + " needs at least one value in FilterValues.");
            }
            Set<String> given = new LinkedHashSet<>();
            values.forEach(v -> given.add(v.asText()));
            byKey.merge(key, given, (a, b) -> {
                a.retainAll(b);
                return a;
            });
        }
        ActivationFilter filter = new ActivationFilter(list(byKey.get("ActivationIds")),
                list(byKey.get("DefaultInstanceName")), list(byKey.get("IamRole")));
        String binding = byKey.toString();
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        String token = Inputs.text(input, "NextToken");
        long after = token == null ? 0 : tokens.openNumber(name(), call.tenant(), binding, token);
        Page<Activation> page = Page.of(activations.list(call.tenant(), filter, after, limit + 1), limit);
        String next = page.more() ? tokens.seal(name(), call.tenant(), binding, Long.toString(page.last().seq())) : null;
        Instant now = activations.now();
        List<Item> items = new ArrayList<>();
        for (Activation a : page.items()) {
            items.add(new Item(a.activationId(), a.description(), a.defaultInstanceName(), a.iamRole(),
                    a.registrationLimit(), a.registrationsCount(), a.expirationDate(), a.expired(now), a.createdDate(),
                    a.tags()));
        }
        return new Response(items, next);
    }

    private static List<String> list(Set<String> values) {
        return values == null ? null : List.copyOf(values);
    }

}
