package steward.execution.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import steward.association.AssociationService;
import steward.errors.SsmException;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionTarget;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.ExecutionStore;
import steward.storage.ExecutionStore.TargetQuery;

/** The targets of one run in resource id order; filters Status, ResourceId, ResourceType are equalities. */
public final class DescribeAssociationExecutionTargets implements Operation {
    record OutputSource(String outputSourceId, String outputSourceType) {
    }

    record Item(String associationId, String associationVersion, String executionId, String resourceId,
                String resourceType, String status, String detailedStatus, Instant lastExecutionDate,
                OutputSource outputSource) {
    }

    record Response(List<Item> associationExecutionTargets, String nextToken) {
    }

    private final AssociationService associations;
    private final ExecutionStore executions;
    private final PageTokens tokens;

    public DescribeAssociationExecutionTargets(AssociationService associations, ExecutionStore executions,
                                               PageTokens tokens) {
        this.associations = associations;
        this.executions = executions;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "DescribeAssociationExecutionTargets";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String associationId = Inputs.text(input, "AssociationId");
        String executionId = Inputs.text(input, "ExecutionId");
        associations.requireExists(call.tenant(), associationId);
        AssociationExecution execution = executions.find(call.tenant(), associationId, executionId)
                .orElseThrow(() -> new SsmException("AssociationExecutionDoesNotExist", "Execution " + executionId
                        + " of association " + associationId + " does not exist."));
        Map<String, String> filters = new TreeMap<>();
        boolean nothing = false;
        for (JsonNode filter : input.path("Filters")) {
            String previous = filters.putIfAbsent(filter.get("Key").asText(), filter.get("Value").asText());
            nothing |= previous != null && !previous.equals(filter.get("Value").asText());
        }
        String binding = execution.executionId() + "\u0002" + filters;
        String token = Inputs.text(input, "NextToken");
        String after = token == null ? null : tokens.open(name(), call.tenant(), binding, token);
        if (nothing) {
            return new Response(List.of(), null);
        }
        int limit = Inputs.integer(input, "MaxResults", DescribeAssociationExecutions.DEFAULT_MAX_RESULTS);
        Page<ExecutionTarget> page = Page.of(executions.targets(execution.executionId(),
                new TargetQuery(filters.get("Status"), filters.get("ResourceId"), filters.get("ResourceType")), after,
                limit + 1), limit);
        List<Item> items = page.items().stream().map(t -> new Item(execution.associationId(),
                Integer.toString(execution.associationVersion()), execution.executionId(), t.resourceId(),
                t.resourceType(), t.status(), t.detailedStatus(), t.lastExecutionDate(),
                new OutputSource(t.outputSourceId(), "RunCommand"))).toList();
        String next = page.more() ? tokens.seal(name(), call.tenant(), binding, page.last().resourceId()) : null;
        return new Response(items, next);
    }
}
