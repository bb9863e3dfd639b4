package steward.document.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import steward.document.DocumentContent;
import steward.document.DocumentService;
import steward.document.DocumentVersion;
import steward.document.DocumentView;
import steward.errors.SsmException;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * GetDocument: the content as a string. Asked in the format it was written in (or with no
 * format), the content is served byte for byte; asked as the other of JSON and YAML it is
 * converted by Jackson. TEXT content is only ever served as TEXT, and structured content never
 * as TEXT: AWS answers either mismatch "Invalid document format".
 */
public final class GetDocument implements Operation {
    record Response(String name, Instant createdDate, String displayName, String versionName, String documentVersion,
                    String status, String content, String documentType, String documentFormat, JsonNode requires) {
    }

    private final DocumentService documents;

    public GetDocument(DocumentService documents) {
        this.documents = documents;
    }

    @Override
    public String name() {
        return "GetDocument";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        DocumentView view = documents.view(call.tenant(), Inputs.text(input, "Name"),
                Inputs.text(input, "DocumentVersion"), Inputs.text(input, "VersionName"));
        DocumentVersion v = view.version();
        String stored = v.documentFormat();
        String format = Inputs.text(input, "DocumentFormat") == null ? stored : Inputs.text(input, "DocumentFormat");
        String content;
        if (format.equals(stored)) {
            content = v.content();
        } else if (format.equals(DocumentContent.TEXT) || stored.equals(DocumentContent.TEXT)) {
            throw SsmException.validation("Invalid document format " + format);
        } else {
            content = DocumentContent.render(v.definition().tree(), format);
        }
        return new Response(view.shownName(), v.createdDate(), v.displayName(), v.versionName(), v.documentVersion(),
                view.status(), content, v.documentType(), format, v.requires());
    }
}
