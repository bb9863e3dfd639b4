package steward.document;

import java.util.List;
import steward.paging.PageTokens;
import steward.protocol.Operation;

/** The document operations, ready for the server to register. */
public final class DocumentOperations {

    private DocumentOperations() {
    }

    public static List<Operation> operations(DocumentCatalogue catalogue, PageTokens tokens) {
        return List.of(
                new DescribeDocument(catalogue),
                new GetDocument(catalogue),
                new ListDocuments(catalogue, tokens));
    }
}
