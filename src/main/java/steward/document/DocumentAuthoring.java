package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.storage.DocumentStore;
import steward.tagging.ReservedTags;
import steward.tagging.Tag;
import steward.tagging.TagOperations;
import steward.tenant.Tenant;

/**
 * The rules of writing documents: names, formats, content, quotas, versions, the default
 * version, deletion and sharing. Quotas are AWS's defaults: 500 documents per account and
 * region, 1,000 versions per document, 64 KB of content, 1,000 accounts per shared document
 * and 5 public documents per account and region.
 */
public final class DocumentAuthoring {
    public static final int MAX_DOCUMENTS = 500;
    public static final int MAX_VERSIONS = 1_000;
    public static final int MAX_CONTENT_BYTES = 64 * 1024;
    public static final int MAX_SHARED_ACCOUNTS = 1_000;
    public static final int MAX_PUBLIC_DOCUMENTS = 5;
    private static final List<String> RESERVED_PREFIXES = List.of("aws-", "amazon", "amzn");
    /** Types whose content is a JSON or YAML document; the others may also be TEXT. */
    private static final List<String> STRUCTURED_TYPES = List.of("Command", "Policy", "Automation", "Session", "Package",
            "Automation.ChangeTemplate", "ChangeCalendar");

    private final DocumentStore store;
    private final DocumentService documents;
    private final DocumentUsage usage;
    private final InstantSource clock;
    private final int documentLimit;
    private final int versionLimit;

    public DocumentAuthoring(DocumentStore store, DocumentService documents, DocumentUsage usage, InstantSource clock) {
        this(store, documents, usage, clock, MAX_DOCUMENTS, MAX_VERSIONS);
    }

    public DocumentAuthoring(DocumentStore store, DocumentService documents, DocumentUsage usage, InstantSource clock,
                             int documentLimit, int versionLimit) {
        this.store = store;
        this.documents = documents;
        this.usage = usage;
        this.clock = clock;
        this.documentLimit = documentLimit;
        this.versionLimit = versionLimit;
    }

    /** What CreateDocument and UpdateDocument carry, beside the name. */
    public record Draft(String content, String documentFormat, String documentType, String versionName,
                        String displayName, String targetType, JsonNode requires) {
    }

    public DocumentView create(Tenant tenant, String name, Draft draft, List<Tag> tagList) {
        String type = draft.documentType() == null ? DocumentVersion.COMMAND : draft.documentType();
        checkName(name);
        ReservedTags.reject(tagList, SsmException::validation);
        if (tagList.size() > TagOperations.MAX_TAGS_PER_RESOURCE) {
            throw SsmException.validation("A document can have at most " + TagOperations.MAX_TAGS_PER_RESOURCE + " tags.");
        }
        DocumentVersion first = version(tenant, name, 1, type, draft);
        switch (store.create(tenant, first, tagList, documentLimit)) {
            case ALREADY_EXISTS -> throw new SsmException(ErrorCodes.DOCUMENT_ALREADY_EXISTS,
                    "Document with name " + name + " already exists.");
            case LIMIT_EXCEEDED -> throw new SsmException(ErrorCodes.DOCUMENT_LIMIT_EXCEEDED,
                    "You can have at most " + documentLimit + " active SSM documents.");
            case CREATED -> {
            }
        }
        return documents.view(tenant, name, "1", null).withStatus("Creating");
    }

    /**
     * Appends the next version. {@code documentVersion} must name the latest ($LATEST, its
     * number, or $DEFAULT while the default is the latest); content equal to the latest's is
     * DuplicateDocumentContent.
     */
    public DocumentView update(Tenant tenant, String name, String documentVersion, Draft draft) {
        DocumentHead head = requireWritable(tenant, name);
        if (documentVersion != null && DocumentService.number(head, documentVersion) != head.latestVersion()) {
            throw new SsmException(ErrorCodes.INVALID_DOCUMENT_VERSION, "Document version " + documentVersion
                    + " is not the latest version (" + head.latestVersion() + "); update $LATEST.");
        }
        DocumentVersion latest = store.findVersion(tenant, name, head.latestVersion())
                .orElseThrow(DocumentService::noSuchDocument);
        Draft carried = new Draft(draft.content(), draft.documentFormat(), head.documentType(), draft.versionName(),
                draft.displayName() == null ? latest.displayName() : draft.displayName(),
                draft.targetType() == null ? latest.targetType() : draft.targetType(),
                draft.requires() == null ? latest.requires() : draft.requires());
        DocumentVersion next = version(tenant, name, head.latestVersion() + 1, head.documentType(), carried);
        if (next.hash().equals(latest.hash())) {
            throw new SsmException(ErrorCodes.DUPLICATE_DOCUMENT_CONTENT, "The content of version "
                    + latest.version() + ", the latest, is the same; a new version needs new content.");
        }
        switch (store.appendVersion(tenant, next, versionLimit)) {
            case NO_SUCH_DOCUMENT -> throw DocumentService.noSuchDocument();
            case NOT_LATEST -> throw new SsmException(ErrorCodes.INVALID_DOCUMENT_VERSION, "Document " + name
                    + " changed while it was being updated; its latest version is no longer " + head.latestVersion() + ".");
            case DUPLICATE_VERSION_NAME -> throw new SsmException(ErrorCodes.DUPLICATE_DOCUMENT_VERSION_NAME,
                    "Version name " + draft.versionName() + " is already used by another version of " + name + ".");
            case VERSION_LIMIT_EXCEEDED -> throw new SsmException(ErrorCodes.DOCUMENT_VERSION_LIMIT_EXCEEDED,
                    "Document " + name + " has " + versionLimit + " versions, the most a document can have. "
                            + "Delete one or more document versions and try again.");
            case APPENDED -> {
            }
        }
        return documents.view(tenant, name, Integer.toString(next.version()), null).withStatus("Updating");
    }

    /** Deletes the whole document, or the one version named; never the default version. */
    public void delete(Tenant tenant, String name, String documentVersion, String versionName, boolean force) {
        DocumentHead head = requireWritable(tenant, name);
        List<String> inUse = usage.versionsInUse(tenant, name);
        if (documentVersion == null && versionName == null) {
            if (!inUse.isEmpty()) {
                throw new SsmException(ErrorCodes.ASSOCIATED_INSTANCES, "You must disassociate a document from all "
                        + "managed nodes before you can delete it: " + inUse.size() + " association(s) use " + name + ".");
            }
            if (head.documentType().equals("ApplicationConfigurationSchema") && !force) {
                throw new SsmException(ErrorCodes.INVALID_DOCUMENT_OPERATION, "Deleting a document of type "
                        + "ApplicationConfigurationSchema needs Force.");
            }
            if (!store.delete(tenant, name)) {
                throw DocumentService.noSuchDocument();
            }
            return;
        }
        int number;
        try {
            number = documents.view(tenant, name, documentVersion, versionName).version().version();
        } catch (SsmException noSuchVersion) {
            // DeleteDocument declares no InvalidDocumentVersion: a version that is not there is no document to delete.
            throw new SsmException(ErrorCodes.INVALID_DOCUMENT, "Document " + name + " has no version "
                    + (versionName == null ? documentVersion : "named " + versionName) + ".");
        }
        if (inUse.contains(Integer.toString(number))) {
            throw new SsmException(ErrorCodes.ASSOCIATED_INSTANCES, "Version " + number + " of " + name
                    + " is named by an association; update the association before deleting the version.");
        }
        switch (store.deleteVersion(tenant, name, number)) {
            case DEFAULT_VERSION -> throw new SsmException(ErrorCodes.INVALID_DOCUMENT_OPERATION, "Version " + number
                    + " is the default version of " + name + " and can't be deleted. Make another version the default "
                    + "with UpdateDocumentDefaultVersion, or delete the whole document.");
            case NO_SUCH_VERSION -> throw new SsmException(ErrorCodes.INVALID_DOCUMENT, "Document " + name
                    + " has no version " + number + ".");
            case DELETED -> {
            }
        }
    }

    /** UpdateDocumentDefaultVersion: returns the version now the default. */
    public DocumentVersion setDefaultVersion(Tenant tenant, String name, String documentVersion) {
        requireWritable(tenant, name, ErrorCodes.INVALID_DOCUMENT);
        int number;
        try {
            number = Integer.parseInt(documentVersion);
        } catch (NumberFormatException e) {
            throw DocumentService.noSuchVersion();
        }
        if (!store.setDefaultVersion(tenant, name, number)) {
            throw DocumentService.noSuchVersion();
        }
        return store.findVersion(tenant, name, number).orElseThrow(DocumentService::noSuchVersion);
    }

    /** ModifyDocumentPermission: account ids (or "All") to add and remove, and the version shared. */
    public void share(Tenant tenant, String name, List<String> add, List<String> remove, String sharedVersion) {
        requireWritable(tenant, name, ErrorCodes.INVALID_DOCUMENT);
        List<String> adding = accounts(add);
        List<String> removing = accounts(remove);
        // An account in both lists is removed and added again: the lists apply in that order.
        for (String account : adding) {
            if (account.equals(tenant.accountId())) {
                throw SsmException.validation("Account " + account + " owns the document; share it with other accounts.");
            }
        }
        String version = sharedVersion == null ? "$DEFAULT" : sharedVersion;
        switch (store.share(tenant, name, adding, removing, version, MAX_SHARED_ACCOUNTS, MAX_PUBLIC_DOCUMENTS)) {
            case NO_SUCH_DOCUMENT -> throw DocumentService.noSuchDocument();
            case ACCOUNT_LIMIT -> throw new SsmException(ErrorCodes.DOCUMENT_PERMISSION_LIMIT, "Document " + name
                    + " can be shared with at most " + MAX_SHARED_ACCOUNTS + " accounts.");
            case PUBLIC_LIMIT -> throw new SsmException(ErrorCodes.DOCUMENT_PERMISSION_LIMIT, "You can share at most "
                    + MAX_PUBLIC_DOCUMENTS + " documents publicly.");
            case SHARED -> {
            }
        }
    }

    private static List<String> accounts(List<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids == null ? List.<String>of() : ids) {
            String normalized = id.equalsIgnoreCase(DocumentStore.PUBLIC) ? DocumentStore.PUBLIC : id;
            if (!out.contains(normalized)) {
                out.add(normalized);
            }
        }
        return out;
    }

    private DocumentHead requireWritable(Tenant tenant, String name) {
        return requireWritable(tenant, name, ErrorCodes.INVALID_DOCUMENT_OPERATION);
    }

    /** {@code amazonError}: the code for Amazon's documents, since operations declare different ones. */
    private DocumentHead requireWritable(Tenant tenant, String name, String amazonError) {
        if (reserved(name)) {
            throw new SsmException(amazonError, "Document " + name
                    + " is owned by Amazon; only documents you own can be changed.");
        }
        return documents.requireOwn(tenant, name);
    }

    private static void checkName(String name) {
        if (reserved(name)) {
            throw SsmException.validation("Invalid document name " + name + ": names that begin with AWS-, Amazon or "
                    + "AMZN (in any case) are reserved for documents owned by Amazon.");
        }
    }

    static boolean reserved(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return RESERVED_PREFIXES.stream().anyMatch(lower::startsWith);
    }

    /** Reads and checks the content, and makes the version to store. */
    private DocumentVersion version(Tenant tenant, String name, int number, String type, Draft draft) {
        String content = draft.content();
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT_BYTES) {
            throw new SsmException(ErrorCodes.MAX_DOCUMENT_SIZE_EXCEEDED, "The content of document " + name + " is "
                    + content.getBytes(StandardCharsets.UTF_8).length + " bytes; the size limit of a document is 64 KB.");
        }
        String format = draft.documentFormat() == null ? DocumentContent.JSON : draft.documentFormat();
        if (format.equals(DocumentContent.TEXT) && STRUCTURED_TYPES.contains(type)) {
            throw new SsmException(ErrorCodes.INVALID_DOCUMENT_CONTENT, "DocumentFormat TEXT is not supported for "
                    + type + " documents; write the content as JSON or YAML.");
        }
        DocumentContent definition = DocumentContent.read(format, content);
        if (type.equals(DocumentVersion.COMMAND) || type.equals("Policy")) {
            CommandDocumentRules.validate(definition);
        }
        return new DocumentVersion(tenant.accountId(), tenant.region(), name, number, draft.versionName(),
                draft.displayName(), type, format, draft.targetType(), content, DocumentContent.sha256(content),
                clock.instant(), draft.requires(), definition);
    }
}
