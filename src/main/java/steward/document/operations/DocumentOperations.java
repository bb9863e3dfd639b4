package steward.document.operations;

import java.util.List;
import steward.document.DocumentAuthoring;
import steward.document.DocumentService;
import steward.paging.PageTokens;
import steward.protocol.Operation;

/** The document operations, ready for the server to register. */
public final class DocumentOperations {

    private DocumentOperations() {
    }

    public static List<Operation> operations(DocumentService documents, DocumentAuthoring authoring, PageTokens tokens) {
        return List.of(
                new CreateDocument(authoring),
                new UpdateDocument(authoring),
                new DeleteDocument(authoring),
                new DescribeDocument(documents),
                new GetDocument(documents),
                new ListDocuments(documents, tokens),
                new ListDocumentVersions(documents, tokens),
                new UpdateDocumentDefaultVersion(authoring),
                new ModifyDocumentPermission(authoring),
                new DescribeDocumentPermission(documents, tokens));
    }
}
