package steward.execution.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import steward.association.Association;
import steward.association.AssociationService;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.execution.ExecutionStatus;
import steward.execution.InstanceAssociationStatus;
import steward.node.NodeDirectory;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.ExecutionStore;

/** The latest result of every association that ran on one node, in association id order. */
public final class DescribeInstanceAssociationsStatus implements Operation {
    record Info(String associationId, String name, String documentVersion, String associationVersion,
                String instanceId, Instant executionDate, String status, String detailedStatus,
                String executionSummary, String errorCode, String associationName) {
    }

    record Response(List<Info> instanceAssociationStatusInfos, String nextToken) {
    }

    private final AssociationService associations;
    private final ExecutionStore executions;
    private final NodeDirectory nodes;
    private final PageTokens tokens;

    public DescribeInstanceAssociationsStatus(AssociationService associations, ExecutionStore executions,
                                              NodeDirectory nodes, PageTokens tokens) {
        this.associations = associations;
        this.executions = executions;
        this.nodes = nodes;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "DescribeInstanceAssociationsStatus";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String instanceId = Inputs.text(input, "InstanceId");
        if (nodes.find(call.tenant(), instanceId).isEmpty()) {
            throw invalidInstance(instanceId);
        }
        String token = Inputs.text(input, "NextToken");
        String after = token == null ? null : tokens.open(name(), call.tenant(), instanceId, token);
        int limit = Inputs.integer(input, "MaxResults", DescribeAssociationExecutions.DEFAULT_MAX_RESULTS);
        Page<InstanceAssociationStatus> page = Page.of(
                executions.instanceStatuses(call.tenant(), instanceId, after, limit + 1), limit);
        List<Info> items = new ArrayList<>();
        for (InstanceAssociationStatus s : page.items()) {
            Optional<Association> association = associations.find(call.tenant(), s.associationId());
            if (association.isEmpty()) {
                continue;
            }
            var d = association.get().definition();
            boolean ok = ExecutionStatus.SUCCESS.equals(s.status());
            items.add(new Info(s.associationId(), d.name(), d.documentVersion(), Integer.toString(s.associationVersion()),
                    instanceId, s.executionDate(), s.status(), s.detailedStatus(), summary(s.status()),
                    ok ? null : "1", d.associationName()));
        }
        String next = page.more() ? tokens.seal(name(), call.tenant(), instanceId, page.last().associationId()) : null;
        return new Response(items, next);
    }

    /**
     * The agent's own summary line (outputMessageTemplate in the agent's association processor,
     * and AWS's documented output), for a document run as one plugin: "timedout" is one word.
     */
    private static String summary(String status) {
        int success = ExecutionStatus.SUCCESS.equals(status) ? 1 : 0;
        int timedOut = ExecutionStatus.TIMED_OUT.equals(status) ? 1 : 0;
        int skipped = ExecutionStatus.SKIPPED.equals(status) ? 1 : 0;
        int failed = 1 - success - timedOut - skipped;
        return "1 out of 1 plugin processed, " + success + " success, " + failed + " failed, " + timedOut
                + " timedout, " + skipped + " skipped. ";
    }

    static SsmException invalidInstance(String instanceId) {
        return new SsmException(ErrorCodes.INVALID_INSTANCE_ID, "Instance " + instanceId
                + " is not a managed node of this account and region.");
    }
}
