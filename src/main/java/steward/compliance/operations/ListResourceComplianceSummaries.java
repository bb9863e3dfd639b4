package steward.compliance.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import steward.compliance.ComplianceCondition.Field;
import steward.compliance.ComplianceExecutionSummary;
import steward.compliance.ComplianceService;
import steward.compliance.ResourceComplianceSummary;
import steward.compliance.SeverityCounts.SeveritySummary;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.ComplianceStore.ResourcePosition;

/**
 * One summary per resource and compliance type: its status, overall severity, the execution
 * of its last upload, and its items counted by status and severity. Filters: ComplianceType,
 * ResourceId, ResourceType (on items), Status and OverallSeverity (on the summary).
 */
public final class ListResourceComplianceSummaries implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;
    static final Map<String, Field> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("ComplianceType", Field.COMPLIANCE_TYPE);
        KEYS.put("ResourceId", Field.RESOURCE_ID);
        KEYS.put("ResourceType", Field.RESOURCE_TYPE);
        KEYS.put("Status", Field.SUMMARY_STATUS);
        KEYS.put("OverallSeverity", Field.OVERALL_SEVERITY);
    }

    record CompliantSummary(int compliantCount, SeveritySummary severitySummary) {
    }

    record NonCompliantSummary(int nonCompliantCount, SeveritySummary severitySummary) {
    }

    record Item(String complianceType, String resourceType, String resourceId, String status, String overallSeverity,
                ComplianceExecutionSummary executionSummary, CompliantSummary compliantSummary,
                NonCompliantSummary nonCompliantSummary) {
        static Item of(ResourceComplianceSummary s) {
            return new Item(s.complianceType(), s.resourceType(), s.resourceId(), s.status().name(),
                    s.overallSeverity().name(), s.executionSummary(),
                    new CompliantSummary(s.compliant().total(), s.compliant().summary()),
                    new NonCompliantSummary(s.nonCompliant().total(), s.nonCompliant().summary()));
        }
    }

    record Response(List<Item> resourceComplianceSummaryItems, String nextToken) {
    }

    private final ComplianceService compliance;
    private final PageTokens tokens;

    public ListResourceComplianceSummaries(ComplianceService compliance, PageTokens tokens) {
        this.compliance = compliance;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "ListResourceComplianceSummaries";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        ComplianceFilters filters = ComplianceFilters.parse(input.get("Filters"), KEYS);
        String token = Inputs.text(input, "NextToken");
        ResourcePosition after = null;
        if (token != null) {
            JsonNode p = PositionTokens.open(tokens, name(), call.tenant(), filters.binding(), token, 3);
            after = new ResourcePosition(p.get(0).asText(), p.get(1).asText(), p.get(2).asText());
        }
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        Page<ResourceComplianceSummary> page = Page.of(
                compliance.resourceSummaries(call.tenant(), filters.conditions(), after, limit + 1), limit);
        String next = null;
        if (page.more()) {
            ResourceComplianceSummary last = page.last();
            next = PositionTokens.seal(tokens, name(), call.tenant(), filters.binding(),
                    List.of(last.resourceType(), last.resourceId(), last.complianceType()));
        }
        return new Response(page.items().stream().map(Item::of).toList(), next);
    }
}
