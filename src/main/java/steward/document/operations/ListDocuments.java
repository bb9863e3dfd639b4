package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import steward.document.DocumentService;
import steward.document.DocumentService.Ownership;
import steward.document.DocumentService.Visible;
import steward.document.DocumentVersion;
import steward.document.DocumentView;
import steward.document.operations.DocumentShapes.DocumentIdentifier;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.tagging.Tag;

/**
 * ListDocuments over every document the caller sees (Amazon's, its own, those shared with it),
 * each at its default version, in order of the name it is shown under, paged by the last name
 * returned. Another account's document is shown under its ARN, which is how the caller uses it.
 */
public final class ListDocuments implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;

    record Response(List<DocumentIdentifier> documentIdentifiers, String nextToken) {
    }

    private final DocumentService documents;
    private final PageTokens tokens;

    public ListDocuments(DocumentService documents, PageTokens tokens) {
        this.documents = documents;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "ListDocuments";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        DocumentQuery query = DocumentQuery.of(input);
        int maxResults = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        String token = Inputs.text(input, "NextToken");
        String after = token == null ? null : tokens.open(name(), call.tenant(), query.binding(), token);

        List<DocumentIdentifier> page = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (Visible visible : documents.visible(call.tenant())) {
            if (after != null && visible.shownName().compareTo(after) <= 0) {
                continue;
            }
            Lazy candidate = new Lazy(call, visible);
            if (!query.matches(candidate) || candidate.view() == null) {
                continue;
            }
            if (page.size() == maxResults) {
                more = true;
                break;
            }
            page.add(DocumentIdentifier.of(candidate.view()));
            last = visible.shownName();
        }
        String nextToken = more ? tokens.seal(name(), call.tenant(), query.binding(), last) : null;
        return new Response(page, nextToken);
    }

    /** Reads the default version (and with it the tags) only when a filter or the page needs it. */
    private final class Lazy implements DocumentQuery.Candidate {
        private final CallContext call;
        private final Visible visible;
        private DocumentView view;
        private boolean loaded;

        Lazy(CallContext call, Visible visible) {
            this.call = call;
            this.visible = visible;
        }

        DocumentView view() {
            if (!loaded) {
                view = documents.defaultVersion(call.tenant(), visible).orElse(null);
                loaded = true;
            }
            return view;
        }

        @Override
        public String shownName() {
            return visible.shownName();
        }

        @Override
        public Ownership ownership() {
            return visible.ownership();
        }

        @Override
        public boolean isPublic() {
            return visible.isPublic();
        }

        @Override
        public DocumentVersion version() {
            DocumentView v = view();
            return v == null ? EMPTY : v.version();
        }

        @Override
        public List<Tag> tags() {
            DocumentView v = view();
            return v == null ? List.of() : v.tags();
        }
    }

    private static final DocumentVersion EMPTY = new DocumentVersion("", null, "", 0, null, null, "", "JSON", null, "", "",
            null, null, new steward.document.DocumentContent(null, null, null, List.of(), List.of(), List.of()));
}
