package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import steward.document.DocumentService;
import steward.document.DocumentView;
import steward.document.operations.DocumentShapes.DocumentVersionInfo;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** ListDocumentVersions: every version of a document the caller can read, oldest first, keyset-paged by number. */
public final class ListDocumentVersions implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;

    record Response(List<DocumentVersionInfo> documentVersions, String nextToken) {
    }

    private final DocumentService documents;
    private final PageTokens tokens;

    public ListDocumentVersions(DocumentService documents, PageTokens tokens) {
        this.documents = documents;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "ListDocumentVersions";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String name = Inputs.text(input, "Name");
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        String token = Inputs.text(input, "NextToken");
        int after = token == null ? 0 : (int) tokens.openNumber(name(), call.tenant(), name, token);
        Page<DocumentView> page = Page.of(documents.versions(call.tenant(), name, after, limit + 1), limit);
        String next = page.more()
                ? tokens.seal(name(), call.tenant(), name, Integer.toString(page.last().version().version())) : null;
        return new Response(page.items().stream().map(DocumentVersionInfo::of).toList(), next);
    }
}
