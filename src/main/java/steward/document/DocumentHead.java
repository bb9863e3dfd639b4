package steward.document;

import java.time.Instant;

/**
 * What a document is as a whole, apart from its versions: who owns it, its type (fixed at
 * creation), when it was created, and which versions are the latest and the default.
 */
public record DocumentHead(
        String owner,
        String region,
        String name,
        String documentType,
        Instant createdDate,
        int latestVersion,
        int defaultVersion) {

    static DocumentHead of(DocumentVersion amazonDocument) {
        return new DocumentHead(DocumentVersion.AMAZON, null, amazonDocument.name(), amazonDocument.documentType(),
                amazonDocument.createdDate(), 1, 1);
    }

    public boolean ownedByAmazon() {
        return DocumentVersion.AMAZON.equals(owner);
    }
}
