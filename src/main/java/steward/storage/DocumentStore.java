package steward.storage;

import java.util.List;
import java.util.Optional;
import steward.document.DocumentHead;
import steward.document.DocumentVersion;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/**
 * Documents users write, their versions and who they are shared with, within the owner's
 * tenant. Every check that must hold against concurrent writers (limits, the latest version,
 * unique version names) is made in the same transaction as the write it guards.
 */
public interface DocumentStore {
    /** Documents as a taggable resource type; their resource id is the name. */
    String RESOURCE_TYPE = "Document";

    /** The account id that stands for everyone in a permission: a public document. */
    String PUBLIC = "all";

    enum CreateOutcome { CREATED, ALREADY_EXISTS, LIMIT_EXCEEDED }

    /** Stores version 1 of a new document (latest and default) with its tags, unless the tenant already has {@code limit}. */
    CreateOutcome create(Tenant owner, DocumentVersion first, List<Tag> tags, int limit);

    enum AppendOutcome { APPENDED, NO_SUCH_DOCUMENT, NOT_LATEST, DUPLICATE_VERSION_NAME, VERSION_LIMIT_EXCEEDED }

    /**
     * Stores {@code next} as the new latest version, provided the latest is still
     * {@code next.version() - 1} and the document then has at most {@code versionLimit} versions.
     */
    AppendOutcome appendVersion(Tenant owner, DocumentVersion next, int versionLimit);

    Optional<DocumentHead> find(Tenant owner, String name);

    Optional<DocumentVersion> findVersion(Tenant owner, String name, int version);

    Optional<DocumentVersion> findVersionByName(Tenant owner, String name, String versionName);

    /** Versions after {@code afterVersion}, ascending, at most {@code limit}. */
    List<DocumentVersion> listVersions(Tenant owner, String name, int afterVersion, int limit);

    /** False when the document has no such version. */
    boolean setDefaultVersion(Tenant owner, String name, int version);

    /** Removes the document, its versions, permissions and tags; false when there was none. */
    boolean delete(Tenant owner, String name);

    enum DeleteVersionOutcome { DELETED, NO_SUCH_VERSION, DEFAULT_VERSION }

    /** Removes one version that is not the default; the latest moves to the highest left. */
    DeleteVersionOutcome deleteVersion(Tenant owner, String name, int version);

    /** The tenant's own documents, by name. */
    List<DocumentHead> list(Tenant owner);

    /** Documents of other accounts in {@code region} shared with {@code accountId} or with everyone. */
    List<Shared> listSharedWith(String accountId, String region);

    record Shared(DocumentHead head, String sharedWith, String sharedVersion) {
        public boolean isPublic() {
            return PUBLIC.equals(sharedWith);
        }
    }

    record Permission(String accountId, String sharedVersion) {
    }

    /** Who the document is shared with, by account id ({@link #PUBLIC} first when public). */
    List<Permission> permissions(Tenant owner, String name);

    enum ShareOutcome { SHARED, NO_SUCH_DOCUMENT, ACCOUNT_LIMIT, PUBLIC_LIMIT }

    /**
     * Adds and removes accounts (lower-case {@link #PUBLIC} for everyone) in one transaction,
     * refusing to go past {@code accountLimit} accounts on the document or {@code publicLimit}
     * public documents in the tenant.
     */
    ShareOutcome share(Tenant owner, String name, List<String> add, List<String> remove, String sharedVersion,
                       int accountLimit, int publicLimit);
}
