package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import steward.document.DocumentService;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.DocumentStore.Permission;

/** DescribeDocumentPermission: the accounts a document of the caller's is shared with ("all" when public), paged. */
public final class DescribeDocumentPermission implements Operation {
    static final int DEFAULT_MAX_RESULTS = 200;

    record AccountSharingInfo(String accountId, String sharedDocumentVersion) {
    }

    record Response(List<String> accountIds, List<AccountSharingInfo> accountSharingInfoList, String nextToken) {
    }

    private final DocumentService documents;
    private final PageTokens tokens;

    public DescribeDocumentPermission(DocumentService documents, PageTokens tokens) {
        this.documents = documents;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "DescribeDocumentPermission";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String name = Inputs.text(input, "Name");
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        String token = Inputs.text(input, "NextToken");
        int after = token == null ? 0 : (int) tokens.openNumber(name(), call.tenant(), name, token);
        List<Permission> all = documents.permissions(call.tenant(), name);
        List<Permission> rest = all.subList(Math.min(after, all.size()), all.size());
        Page<Permission> page = Page.of(rest.subList(0, Math.min(rest.size(), limit + 1)), limit);
        String next = page.more() ? tokens.seal(name(), call.tenant(), name, Integer.toString(after + limit)) : null;
        return new Response(page.items().stream().map(Permission::accountId).toList(),
                page.items().stream().map(p -> new AccountSharingInfo(p.accountId(), p.sharedVersion())).toList(), next);
    }
}
