package steward.execution.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import steward.association.Association;
import steward.association.AssociationService;
import steward.node.ManagedNode;
import steward.node.NodeDirectory;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.AssociationQuery;

/**
 * The associations whose targets select a node now, with the content of the document version
 * each names at this moment, as an agent asks for them. Walks the tenant's associations in creation order from the token.
 */
public final class DescribeEffectiveInstanceAssociations implements Operation {
    private static final int DEFAULT_MAX_RESULTS = 5;
    private static final int SCAN_PAGE = 200;

    record Item(String associationId, String instanceId, String content, String associationVersion) {
    }

    record Response(List<Item> associations, String nextToken) {
    }

    private final AssociationService associations;
    private final NodeDirectory nodes;
    private final Function<Association, String> documentContent;
    private final PageTokens tokens;

    public DescribeEffectiveInstanceAssociations(AssociationService associations, NodeDirectory nodes,
                                                 Function<Association, String> documentContent, PageTokens tokens) {
        this.associations = associations;
        this.nodes = nodes;
        this.documentContent = documentContent;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "DescribeEffectiveInstanceAssociations";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String instanceId = Inputs.text(input, "InstanceId");
        ManagedNode node = nodes.find(call.tenant(), instanceId)
                .orElseThrow(() -> DescribeInstanceAssociationsStatus.invalidInstance(instanceId));
        String token = Inputs.text(input, "NextToken");
        long after = token == null ? 0 : tokens.openNumber(name(), call.tenant(), instanceId, token);
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        List<Association> selected = new ArrayList<>();
        List<Association> scan;
        do {
            scan = associations.list(call.tenant(), AssociationQuery.ALL, after, SCAN_PAGE);
            for (Association a : scan) {
                after = a.seq();
                if (nodes.selects(node, a.definition().targets(), a.definition().instanceId())) {
                    selected.add(a);
                    if (selected.size() > limit) {
                        break;
                    }
                }
            }
        } while (selected.size() <= limit && scan.size() == SCAN_PAGE);
        Page<Association> page = Page.of(selected, limit);
        List<Item> items = page.items().stream().map(a -> new Item(a.associationId(), instanceId,
                documentContent.apply(a), Integer.toString(a.latestVersion()))).toList();
        String next = page.more() ? tokens.seal(name(), call.tenant(), instanceId, Long.toString(page.last().seq())) : null;
        return new Response(items, next);
    }
}
