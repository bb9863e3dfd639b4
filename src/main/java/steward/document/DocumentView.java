package steward.document;

import java.util.List;
import steward.tagging.Tag;

/**
 * One version of a document as a caller sees it: under which name (the plain name for the
 * caller's own and Amazon's documents, the ARN for another account's), the document's latest and
 * default versions, its tags (only its owner sees them) and its status.
 */
public record DocumentView(String shownName, DocumentVersion version, DocumentHead head, List<Tag> tags, String status) {
    public DocumentView withStatus(String newStatus) {
        return new DocumentView(shownName, version, head, tags, newStatus);
    }

    public String owner() {
        return head.owner();
    }
}
