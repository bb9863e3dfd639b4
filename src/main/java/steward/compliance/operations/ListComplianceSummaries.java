package steward.compliance.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import steward.compliance.ComplianceCondition.Field;
import steward.compliance.ComplianceService;
import steward.compliance.ComplianceSummary;
import steward.compliance.operations.ListResourceComplianceSummaries.CompliantSummary;
import steward.compliance.operations.ListResourceComplianceSummaries.NonCompliantSummary;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * One summary per compliance type: how many resources are compliant and how many are not, each
 * counted under its overall severity for the type. Filters: ComplianceType, ResourceId,
 * ResourceType.
 */
public final class ListComplianceSummaries implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;
    static final Map<String, Field> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("ComplianceType", Field.COMPLIANCE_TYPE);
        KEYS.put("ResourceId", Field.RESOURCE_ID);
        KEYS.put("ResourceType", Field.RESOURCE_TYPE);
    }

    record Item(String complianceType, CompliantSummary compliantSummary, NonCompliantSummary nonCompliantSummary) {
        static Item of(ComplianceSummary s) {
            return new Item(s.complianceType(),
                    new CompliantSummary(s.compliantResources().total(), s.compliantResources().summary()),
                    new NonCompliantSummary(s.nonCompliantResources().total(), s.nonCompliantResources().summary()));
        }
    }

    record Response(List<Item> complianceSummaryItems, String nextToken) {
    }

    private final ComplianceService compliance;
    private final PageTokens tokens;

    public ListComplianceSummaries(ComplianceService compliance, PageTokens tokens) {
        this.compliance = compliance;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "ListComplianceSummaries";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        ComplianceFilters filters = ComplianceFilters.parse(input.get("Filters"), KEYS);
        String token = Inputs.text(input, "NextToken");
        String after = token == null ? null
                : PositionTokens.open(tokens, name(), call.tenant(), filters.binding(), token, 1).get(0).asText();
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        Page<ComplianceSummary> page = Page.of(compliance.summaries(call.tenant(), filters.conditions(), after, limit + 1),
                limit);
        String next = page.more() ? PositionTokens.seal(tokens, name(), call.tenant(), filters.binding(),
                List.of(page.last().complianceType())) : null;
        return new Response(page.items().stream().map(Item::of).toList(), next);
    }
}
