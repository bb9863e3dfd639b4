package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One version of a document, as everything that runs or serves documents sees it: the content
 * exactly as written, its hash, and what the content declares. Amazon's built-in documents are
 * versions too (owner {@code Amazon}, one version, no region).
 *
 * @param owner the owning account id, or {@link #AMAZON}
 * @param region the owner's region; null for Amazon's documents, which exist in every region
 * @param version 1, 2, ...
 * @param content the content byte for byte as the owner wrote it, in {@code documentFormat}
 * @param hash the hex SHA-256 of {@code content}, which AWS reports as Hash (HashType Sha256)
 * @param requires the Requires list as given, or null
 * @param definition what the content declares, read from it once
 */
public record DocumentVersion(
        String owner,
        String region,
        String name,
        int version,
        String versionName,
        String displayName,
        String documentType,
        String documentFormat,
        String targetType,
        String content,
        String hash,
        Instant createdDate,
        JsonNode requires,
        DocumentContent definition) {

    public static final String AMAZON = "Amazon";
    public static final String HASH_TYPE = "Sha256";
    public static final String ACTIVE = "Active";
    public static final String COMMAND = "Command";

    public boolean ownedByAmazon() {
        return AMAZON.equals(owner);
    }

    /** The version as the API writes it: "1", "2", ... */
    public String documentVersion() {
        return Integer.toString(version);
    }

    public String schemaVersion() {
        return definition.schemaVersion();
    }

    public String description() {
        return definition.description();
    }

    public List<DocumentParameter> parameters() {
        return definition.parameters();
    }

    public List<DocumentStep> steps() {
        return definition.steps();
    }

    public List<String> platformTypes() {
        return definition.platformTypes();
    }

    public Optional<DocumentParameter> parameter(String parameterName) {
        return parameters().stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /**
     * The content as JSON, the form the SSM Agent reads: JSON content byte for byte, YAML content
     * converted; TEXT content as it is.
     */
    public String contentAsJson() {
        return documentFormat.equals(DocumentContent.YAML) && definition.tree() != null
                ? DocumentContent.render(definition.tree(), DocumentContent.JSON) : content;
    }

    /** Only Command documents (and Policy documents, which State Manager runs the same way) run on nodes. */
    public boolean runsOnNodes() {
        return COMMAND.equals(documentType) || "Policy".equals(documentType);
    }

    /** The ARN of a document the tenant owns: how associations may name it too. */
    public static String ownArn(steward.tenant.Tenant tenant, String name) {
        return DocumentArn.of(DocumentService.PARTITION, tenant.region(), tenant.accountId(), name);
    }

    /** arn:PARTITION:ssm:REGION:ACCOUNT:document/NAME; Amazon's documents carry no account. */
    public String arn(String partition, String inRegion) {
        return DocumentArn.of(partition, ownedByAmazon() ? inRegion : region, ownedByAmazon() ? "" : owner, name);
    }
}
