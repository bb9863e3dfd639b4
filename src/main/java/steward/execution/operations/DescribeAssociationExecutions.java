package steward.execution.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import steward.association.AlarmConfiguration;
import steward.association.AlarmStateInformation;
import steward.association.AssociationService;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.execution.AssociationExecution;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.ExecutionStore;
import steward.storage.ExecutionStore.Position;

/**
 * The run history of one association, newest first, keyset-paged: the token holds the last
 * run's (CreatedTime, seq), sealed to the association and the filter set, so every page costs
 * one index range scan wherever it starts.
 */
public final class DescribeAssociationExecutions implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;

    record Item(String associationId, String associationVersion, String executionId, String status,
                String detailedStatus, Instant createdTime, Instant lastExecutionDate, String resourceCountByStatus,
                AlarmConfiguration alarmConfiguration, List<AlarmStateInformation> triggeredAlarms) {
        static Item of(AssociationExecution e) {
            return new Item(e.associationId(), Integer.toString(e.associationVersion()), e.executionId(), e.status(),
                    e.detailedStatus(), e.createdTime(), e.lastExecutionDate(), e.resourceCountByStatus(),
                    e.alarmConfiguration(), e.triggeredAlarms());
        }
    }

    record Response(List<Item> associationExecutions, String nextToken) {
    }

    private final AssociationService associations;
    private final ExecutionStore executions;
    private final PageTokens tokens;

    public DescribeAssociationExecutions(AssociationService associations, ExecutionStore executions, PageTokens tokens) {
        this.associations = associations;
        this.executions = executions;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "DescribeAssociationExecutions";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String associationId = Inputs.text(input, "AssociationId");
        associations.requireExists(call.tenant(), associationId);
        ExecutionFilters filters = ExecutionFilters.parse(input.get("Filters"));
        String binding = associationId.toLowerCase(java.util.Locale.ROOT) + "\u0002" + filters.binding();
        String token = Inputs.text(input, "NextToken");
        Position after = token == null ? null : position(tokens.open(name(), call.tenant(), binding, token));
        if (filters.matchesNothing()) {
            return new Response(List.of(), null);
        }
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        Page<AssociationExecution> page = Page.of(
                executions.page(call.tenant(), associationId, filters.query(), after, limit + 1), limit);
        String next = page.more() ? tokens.seal(name(), call.tenant(), binding,
                page.last().createdTime().toEpochMilli() + ":" + page.last().seq()) : null;
        return new Response(page.items().stream().map(Item::of).toList(), next);
    }

    private static Position position(String opened) {
        int colon = opened.indexOf(':');
        try {
            return new Position(Long.parseLong(opened.substring(0, colon)), Long.parseLong(opened.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new SsmException(ErrorCodes.INVALID_NEXT_TOKEN, "The specified token is not valid.");
        }
    }
}
