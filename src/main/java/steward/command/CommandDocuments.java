package steward.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import steward.document.DocumentParameter;
import steward.document.DocumentService;
import steward.document.DocumentStep;
import steward.document.DocumentVersion;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.tenant.Tenant;

/**
 * Everything Run Command asks of documents, in one place: resolve a name or ARN at a version
 * for a tenant through the {@link DocumentService}, check that it runs on nodes, its hash and
 * the parameters, and read what the runner needs (step names, executionTimeout, platforms).
 */
public final class CommandDocuments {
    static final String EXECUTION_TIMEOUT = "executionTimeout";
    private static final long MAX_EXECUTION_TIMEOUT_SECONDS = 172_800;

    private final DocumentService documents;

    public CommandDocuments(DocumentService documents) {
        this.documents = documents;
    }

    /** InvalidDocument or InvalidDocumentVersion when the tenant has no such version, or it does not run on nodes. */
    public DocumentVersion resolve(Tenant tenant, String nameOrArn, String version) {
        DocumentVersion resolved = documents.resolve(tenant, nameOrArn, version);
        documents.checkAssociable(resolved);
        return resolved;
    }

    /** InvalidParameters when the parameters do not fit the version. */
    public void checkParameters(DocumentVersion version, Map<String, List<String>> parameters) {
        documents.checkParameters(version, parameters == null ? Map.of() : parameters);
    }

    /** InvalidDocument when {@code hash} (of {@code hashType}, Sha256 unless given) is not the content's. */
    public void checkHash(DocumentVersion version, String hash, String hashType) {
        if (hash == null) {
            return;
        }
        String algorithm = "Sha1".equals(hashType) ? "SHA-1" : "SHA-256";
        String actual;
        try {
            actual = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(version.content().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!actual.equalsIgnoreCase(hash)) {
            throw new SsmException(ErrorCodes.INVALID_DOCUMENT, "The document hash " + hash + " (" + (hashType == null
                    ? "Sha256" : hashType) + ") does not match document " + version.name() + " version "
                    + version.documentVersion() + ".");
        }
    }

    /** The names results are reported under: each step's name, in order; none without a document. */
    public static List<String> pluginNames(DocumentVersion version) {
        return version == null ? List.of() : version.steps().stream().map(DocumentStep::name).toList();
    }

    /** The platforms the version runs on; empty (any) without a document. */
    public static List<String> platformTypes(DocumentVersion version) {
        return version == null ? List.of() : version.platformTypes();
    }

    /**
     * The execution timeout a command of this version gets: the executionTimeout parameter as
     * sent, else the document's default, else an hour (for documents that declare none).
     */
    public static Duration executionTimeout(DocumentVersion version, Map<String, List<String>> parameters) {
        List<String> sent = parameters == null ? null : parameters.get(EXECUTION_TIMEOUT);
        String value = sent != null && !sent.isEmpty() ? sent.get(0) : version == null ? null
                : version.parameter(EXECUTION_TIMEOUT).map(DocumentParameter::defaultText).orElse(null);
        try {
            long seconds = value == null ? 3600 : Long.parseLong(value.trim());
            return Duration.ofSeconds(Math.max(1, Math.min(seconds, MAX_EXECUTION_TIMEOUT_SECONDS)));
        } catch (NumberFormatException e) {
            return Duration.ofHours(1);
        }
    }
}
