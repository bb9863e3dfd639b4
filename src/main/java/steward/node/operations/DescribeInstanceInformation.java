package steward.node.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import steward.node.InstanceInformation;
import steward.node.ManagedNode;
import steward.node.NodeAssociations;
import steward.node.NodeService;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.tenant.Tenant;

/**
 * DescribeInstanceInformation, keyset-paged by instance id. Tokens are bound to the filter
 * set, so a token is refused when the filters change between pages. A page holds 50 nodes
 * unless MaxResults says otherwise (the model allows 5 to 50).
 */
public final class DescribeInstanceInformation implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;

    record Response(List<InstanceInformation> instanceInformationList, String nextToken) {
    }

    /** The registrations of those of the given nodes that agents registered, by instance id. */
    public interface Registrations {
        Registrations NONE = (tenant, ids) -> Map.of();

        Map<String, InstanceInformation.Registration> find(Tenant tenant, Collection<String> instanceIds);
    }

    private final NodeService nodes;
    private final NodeAssociations associations;
    private final PageTokens tokens;
    private final Registrations registrations;

    public DescribeInstanceInformation(NodeService nodes, PageTokens tokens) {
        this(nodes, tokens, Registrations.NONE, NodeAssociations.NONE);
    }

    public DescribeInstanceInformation(NodeService nodes, PageTokens tokens, Registrations registrations) {
        this(nodes, tokens, registrations, NodeAssociations.NONE);
    }

    /** {@code associations} gives each node's association status, dates and overview. */
    public DescribeInstanceInformation(NodeService nodes, PageTokens tokens, Registrations registrations,
                                       NodeAssociations associations) {
        this.nodes = nodes;
        this.associations = associations;
        this.tokens = tokens;
        this.registrations = registrations;
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
        // PingStatus is derived from the last health report; bring it up to date before filtering on it.
        nodes.refreshPingStatus(call.tenant());
        Page<ManagedNode> page = Page.of(nodes.list(call.tenant(), filters.conditions(), after, limit + 1), limit);
        String next = page.more() ? tokens.seal(name(), call.tenant(), filters.binding(), page.last().instanceId()) : null;
        Map<String, InstanceInformation.Registration> registered = registrations.find(call.tenant(),
                page.items().stream().map(ManagedNode::instanceId).toList());
        return new Response(page.items().stream().map(n -> InstanceInformation.of(n, registered.get(n.instanceId()),
                associations.summary(call.tenant(), n.instanceId()))).toList(), next);
    }
}
