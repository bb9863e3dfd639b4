package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import steward.document.DocumentShapes.DocumentIdentifier;
import steward.document.DocumentShapes.ListDocumentsResult;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Operation;

/** ListDocuments over the catalogue, in name order, paged by the last name returned. */
public final class ListDocuments implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;

    private final DocumentCatalogue catalogue;
    private final PageTokens tokens;

    public ListDocuments(DocumentCatalogue catalogue, PageTokens tokens) {
        this.catalogue = catalogue;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "ListDocuments";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        DocumentQuery query = DocumentQuery.of(input);
        int maxResults = input.path("MaxResults").asInt(DEFAULT_MAX_RESULTS);
        String after = input.hasNonNull("NextToken")
                ? tokens.open(name(), call.tenant(), query.binding(), input.get("NextToken").asText())
                : null;

        List<DocumentIdentifier> page = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (Document document : catalogue.all()) {
            if ((after != null && document.name().compareTo(after) <= 0) || !query.matches(document)) {
                continue;
            }
            if (page.size() == maxResults) {
                more = true;
                break;
            }
            page.add(DocumentIdentifier.of(document));
            last = document.name();
        }
        String nextToken = more ? tokens.seal(name(), call.tenant(), query.binding(), last) : null;
        return new ListDocumentsResult(page, nextToken);
    }
}
