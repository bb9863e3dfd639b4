package steward.node.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import steward.node.InstanceInformation;
import steward.node.ManagedNode;
import steward.node.NodeService;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * DescribeInstanceInformation, keyset-paged by instance id. Tokens are bound to the filter
 * set, so a token is refused when the filters change between pages. A page holds 50 nodes
 * unless MaxResults says otherwise (the model allows 5 to 50).
 */
public final class DescribeInstanceInformation implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;

    record Response(List<InstanceInformation> instanceInformationList, String nextToken) {
    }

    private final NodeService nodes;
    private final PageTokens tokens;

    public DescribeInstanceInformation(NodeService nodes, PageTokens tokens) {
        this.nodes = nodes;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "DescribeInstanceInformation";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        InstanceInformationFilters.Parsed filters = InstanceInformationFilters.parse(input);
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        String token = Inputs.text(input, "NextToken");
        String after = token == null || token.isEmpty() ? null : tokens.open(name(), call.tenant(), filters.binding(), token);
        Page<ManagedNode> page = Page.of(nodes.list(call.tenant(), filters.conditions(), after, limit + 1), limit);
        String next = page.more() ? tokens.seal(name(), call.tenant(), filters.binding(), page.last().instanceId()) : null;
        return new Response(page.items().stream().map(InstanceInformation::of).toList(), next);
    }
}
