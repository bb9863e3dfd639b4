package steward.document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.storage.DocumentStore;
import steward.storage.DocumentStore.Permission;
import steward.storage.TagStore;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/**
 * Documents as the rest of Steward uses them: find the version a name (or ARN) and version
 * selector mean for a tenant, and check parameters against it. Associations, Run Command and
 * agents call {@link #resolve} and {@link #checkParameters}; the document operations read
 * through {@link #view} and {@link #visible}.
 *
 * <p>A plain name is the caller's own document, else Amazon's. An ARN names the owner: Amazon's
 * (no account), the caller's own, or another account's document in the caller's region, which
 * the caller sees only while it is shared with them or with everyone, and then only the
 * versions the share covers ($DEFAULT, $LATEST or $ALL).
 */
public final class DocumentService {
    public static final String PARTITION = "aws";
    static final String NO_SUCH_DOCUMENT = "The specified document does not exist.";
    static final String NO_SUCH_VERSION = "The document version is not valid or does not exist.";

    private final DocumentStore store;
    private final TagStore tags;
    private final DocumentCatalogue amazon;

    public DocumentService(DocumentStore store, TagStore tags, DocumentCatalogue amazon) {
        this.store = store;
        this.tags = tags;
        this.amazon = amazon;
    }

    /**
     * The version {@code documentVersion} ($DEFAULT or null, $LATEST, or a number) of the
     * document the tenant means by {@code nameOrArn}. Throws InvalidDocument when the tenant
     * has no such document, InvalidDocumentVersion when it has no such version.
     */
    public DocumentVersion resolve(Tenant tenant, String nameOrArn, String documentVersion) {
        return view(tenant, nameOrArn, documentVersion, null).version();
    }

    /**
     * Throws InvalidParameters unless {@code parameters} fit what the version declares: each one
     * declared, every required one given, each value of its type and within its declared rules.
     */
    public void checkParameters(DocumentVersion version, Map<String, List<String>> parameters) {
        ParameterValidator.validate(version, parameters == null ? Map.of() : parameters);
    }

    /** Throws InvalidDocument unless the version is of a type State Manager runs on nodes. */
    public void checkAssociable(DocumentVersion version) {
        if (!version.runsOnNodes()) {
            throw new SsmException(ErrorCodes.INVALID_DOCUMENT, "Document type " + version.documentType()
                    + " is not supported for associations.");
        }
    }

    /** Resolve, then check that the type runs on nodes and the parameters fit: CreateAssociation's document rules. */
    public void checkAssociation(Tenant tenant, String nameOrArn, String documentVersion,
                                 Map<String, List<String>> parameters) {
        DocumentVersion version = resolve(tenant, nameOrArn, documentVersion);
        checkAssociable(version);
        checkParameters(version, parameters);
    }

    /** The version a caller asked for by number/selector and/or VersionName, with what DescribeDocument shows beside it. */
    public DocumentView view(Tenant tenant, String nameOrArn, String documentVersion, String versionName) {
        Located located = locate(tenant, nameOrArn);
        DocumentHead head = located.head();
        int number = number(head, documentVersion);
        DocumentVersion version;
        if (versionName != null) {
            version = located.ownerTenant() == null ? null
                    : store.findVersionByName(located.ownerTenant(), head.name(), versionName).orElse(null);
            if (version == null) {
                throw located.ownerTenant() == null ? noSuchDocument() : noSuchVersion();
            }
            if (documentVersion != null && version.version() != number) {
                throw noSuchVersion();
            }
            number = version.version();
        } else {
            version = null;
        }
        if (located.sharedVersion() != null && !covers(located.sharedVersion(), head, number)) {
            throw noSuchVersion();
        }
        if (version == null) {
            version = located.ownerTenant() == null ? located.amazon()
                    : store.findVersion(located.ownerTenant(), head.name(), number).orElseThrow(DocumentService::noSuchVersion);
            if (located.ownerTenant() == null && number != 1) {
                throw noSuchVersion();
            }
        }
        List<Tag> tagList = located.ownedByCaller() ? tags.list(tenant, DocumentStore.RESOURCE_TYPE, head.name()) : List.of();
        return new DocumentView(located.shownName(), version, head, tagList, DocumentVersion.ACTIVE);
    }

    /** Every version of a document the caller can read, ascending, after {@code afterVersion}. */
    public List<DocumentView> versions(Tenant tenant, String nameOrArn, int afterVersion, int limit) {
        Located located = locate(tenant, nameOrArn);
        if (located.ownerTenant() == null) {
            return afterVersion >= 1 ? List.of()
                    : List.of(new DocumentView(located.shownName(), located.amazon(), located.head(), List.of(),
                    DocumentVersion.ACTIVE));
        }
        List<DocumentView> out = new ArrayList<>();
        for (DocumentVersion v : store.listVersions(located.ownerTenant(), located.head().name(), afterVersion, limit)) {
            if (located.sharedVersion() == null || covers(located.sharedVersion(), located.head(), v.version())) {
                out.add(new DocumentView(located.shownName(), v, located.head(), List.of(), DocumentVersion.ACTIVE));
            }
        }
        return out;
    }

    /** Who ListDocuments' Owner filter calls the owner of a document the caller sees. */
    public enum Ownership { SELF, AMAZON, PRIVATE, PUBLIC }

    /** A document ListDocuments can show: its head, under which name, and why the caller sees it. */
    public record Visible(String shownName, DocumentHead head, Ownership ownership, boolean isPublic) {
    }

    /** Every document the tenant can see, ordered by the name it is shown under. */
    public List<Visible> visible(Tenant tenant) {
        List<Visible> all = new ArrayList<>();
        for (DocumentVersion d : amazon.all()) {
            all.add(new Visible(d.name(), DocumentHead.of(d), Ownership.AMAZON, true));
        }
        List<String> ownPublic = new ArrayList<>();
        for (DocumentStore.Shared s : store.listSharedWith(DocumentStore.PUBLIC, tenant.region())) {
            if (s.head().owner().equals(tenant.accountId())) {
                ownPublic.add(s.head().name());
            }
        }
        for (DocumentHead head : store.list(tenant)) {
            all.add(new Visible(head.name(), head, Ownership.SELF, ownPublic.contains(head.name())));
        }
        // A document shared with the caller by name and also with everyone is the caller's Private one, and public.
        java.util.Map<String, Visible> shared = new java.util.HashMap<>();
        for (DocumentStore.Shared s : store.listSharedWith(tenant.accountId(), tenant.region())) {
            String arn = DocumentArn.of(PARTITION, s.head().region(), s.head().owner(), s.head().name());
            Visible before = shared.get(arn);
            boolean isPublic = s.isPublic() || (before != null && before.isPublic());
            boolean named = !s.isPublic() || (before != null && before.ownership() == Ownership.PRIVATE);
            shared.put(arn, new Visible(arn, s.head(), named ? Ownership.PRIVATE : Ownership.PUBLIC, isPublic));
        }
        all.addAll(shared.values());
        all.sort(Comparator.comparing(Visible::shownName));
        return all;
    }

    /** The default version of a document {@link #visible} listed, or empty if it went away since. */
    public Optional<DocumentView> defaultVersion(Tenant tenant, Visible visible) {
        try {
            String selector = visible.ownership() == Ownership.SELF || visible.ownership() == Ownership.AMAZON
                    ? null : "$DEFAULT";
            return Optional.of(view(tenant, visible.shownName(), selector, null));
        } catch (SsmException gone) {
            return Optional.empty();
        }
    }

    /** Who a document of the caller's is shared with. */
    public List<Permission> permissions(Tenant tenant, String name) {
        requireOwn(tenant, name);
        return store.permissions(tenant, name);
    }

    /** The caller's own document by plain name, or InvalidDocument. */
    DocumentHead requireOwn(Tenant tenant, String name) {
        Optional<DocumentHead> head = store.find(tenant, name);
        if (head.isPresent()) {
            return head.get();
        }
        throw noSuchDocument();
    }

    private record Located(DocumentHead head, Tenant ownerTenant, String shownName, String sharedVersion,
                           DocumentVersion amazon, boolean ownedByCaller) {
    }

    private Located locate(Tenant tenant, String nameOrArn) {
        DocumentArn arn = DocumentArn.parse(nameOrArn);
        if (arn == null) {
            Optional<DocumentHead> own = store.find(tenant, nameOrArn);
            if (own.isPresent()) {
                return new Located(own.get(), tenant, nameOrArn, null, null, true);
            }
            return amazon(nameOrArn);
        }
        if (arn.account().isEmpty()) {
            return amazon(arn.name());
        }
        if (!arn.region().equals(tenant.region())) {
            throw noSuchDocument();
        }
        Tenant owner = new Tenant(arn.account(), arn.region());
        DocumentHead head = store.find(owner, arn.name()).orElseThrow(DocumentService::noSuchDocument);
        if (arn.account().equals(tenant.accountId())) {
            return new Located(head, owner, arn.name(), null, null, true);
        }
        String sharedVersion = null;
        for (Permission p : store.permissions(owner, arn.name())) {
            if (p.accountId().equals(tenant.accountId()) || (sharedVersion == null && p.accountId().equals(DocumentStore.PUBLIC))) {
                sharedVersion = p.sharedVersion();
            }
        }
        if (sharedVersion == null) {
            throw noSuchDocument();
        }
        return new Located(head, owner, DocumentArn.of(PARTITION, arn.region(), arn.account(), arn.name()),
                sharedVersion, null, false);
    }

    private Located amazon(String name) {
        DocumentVersion d = amazon.find(name).orElseThrow(DocumentService::noSuchDocument);
        return new Located(DocumentHead.of(d), null, d.name(), null, d, false);
    }

    private static boolean covers(String sharedVersion, DocumentHead head, int number) {
        return switch (sharedVersion) {
            case "$LATEST" -> number == head.latestVersion();
            case "$ALL" -> true;
            default -> number == head.defaultVersion();
        };
    }

    /** The number a selector names: null and $DEFAULT the default, $LATEST the latest. */
    static int number(DocumentHead head, String documentVersion) {
        if (documentVersion == null || documentVersion.equals("$DEFAULT")) {
            return head.defaultVersion();
        }
        if (documentVersion.equals("$LATEST")) {
            return head.latestVersion();
        }
        try {
            return Integer.parseInt(documentVersion);
        } catch (NumberFormatException e) {
            throw noSuchVersion();
        }
    }

    public static SsmException noSuchDocument() {
        return new SsmException(ErrorCodes.INVALID_DOCUMENT, NO_SUCH_DOCUMENT);
    }

    public static SsmException noSuchVersion() {
        return new SsmException(ErrorCodes.INVALID_DOCUMENT_VERSION, NO_SUCH_VERSION);
    }
}
