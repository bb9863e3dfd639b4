package steward.compliance.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import steward.compliance.ComplianceCondition;
import steward.compliance.ComplianceCondition.Field;
import steward.compliance.ComplianceExecutionSummary;
import steward.compliance.ComplianceItem;
import steward.compliance.ComplianceService;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.ComplianceStore.ItemPosition;

/**
 * Compliance items, by resource and compliance type, in upload order within a type. ResourceIds
 * may name one managed node of the caller and ResourceTypes only ManagedInstance; the filters are
 * ComplianceType, Id, Title, Status, Severity, ExecutionId, ExecutionType and ExecutionTime.
 */
public final class ListComplianceItems implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;
    static final Map<String, Field> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("ComplianceType", Field.COMPLIANCE_TYPE);
        KEYS.put("Id", Field.ITEM_ID);
        KEYS.put("Title", Field.TITLE);
        KEYS.put("Status", Field.STATUS);
        KEYS.put("Severity", Field.SEVERITY);
        KEYS.put("ExecutionId", Field.EXECUTION_ID);
        KEYS.put("ExecutionType", Field.EXECUTION_TYPE);
        KEYS.put("ExecutionTime", Field.EXECUTION_TIME);
    }

    record Item(String complianceType, String resourceType, String resourceId, String id, String title, String status,
                String severity, ComplianceExecutionSummary executionSummary, Map<String, String> details) {
        static Item of(ComplianceItem i) {
            return new Item(i.complianceType(), i.resourceType(), i.resourceId(), i.id(), i.title(), i.status(),
                    i.severity(), i.executionSummary(), i.details());
        }
    }

    record Response(List<Item> complianceItems, String nextToken) {
    }

    private final ComplianceService compliance;
    private final PageTokens tokens;

    public ListComplianceItems(ComplianceService compliance, PageTokens tokens) {
        this.compliance = compliance;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "ListComplianceItems";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        List<String> resourceIds = List.copyOf(new TreeSet<>(texts(input.get("ResourceIds"))));
        List<String> resourceTypes = List.copyOf(new TreeSet<>(texts(input.get("ResourceTypes"))));
        compliance.requireResources(call.tenant(), resourceTypes, resourceIds);
        ComplianceFilters filters = ComplianceFilters.parse(input.get("Filters"), KEYS);
        List<ComplianceCondition> conditions = new ArrayList<>(filters.conditions());
        if (!resourceIds.isEmpty()) {
            conditions.add(ComplianceCondition.equal(Field.RESOURCE_ID, resourceIds));
        }
        if (!resourceTypes.isEmpty()) {
            conditions.add(ComplianceCondition.equal(Field.RESOURCE_TYPE, resourceTypes));
        }
        String binding = String.join("\u0000", resourceIds) + "\u0002" + String.join("\u0000", resourceTypes) + "\u0002"
                + filters.binding();
        String token = Inputs.text(input, "NextToken");
        ItemPosition after = null;
        if (token != null) {
            JsonNode p = PositionTokens.open(tokens, name(), call.tenant(), binding, token, 4);
            after = new ItemPosition(p.get(0).asText(), p.get(1).asText(), p.get(2).asText(), p.get(3).asLong());
        }
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        Page<ComplianceItem> page = Page.of(compliance.items(call.tenant(), conditions, after, limit + 1), limit);
        String next = null;
        if (page.more()) {
            ComplianceItem last = page.last();
            next = PositionTokens.seal(tokens, name(), call.tenant(), binding,
                    List.of(last.resourceType(), last.resourceId(), last.complianceType(), last.seq()));
        }
        return new Response(page.items().stream().map(Item::of).toList(), next);
    }

    static List<String> texts(JsonNode list) {
        List<String> values = new ArrayList<>();
        if (list != null && !list.isNull()) {
            list.forEach(v -> values.add(v.asText()));
        }
        return values;
    }
}
