package steward.document;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One AWS-owned document of the catalogue: its content byte for byte as AWS serves it, and what
 * DescribeDocument derives from that content. Every built-in document has exactly one version.
 *
 * @param documentType Command, or Policy for AWS-GatherSoftwareInventory, as AWS classifies them
 * @param hash the hex SHA-256 of {@code content}, which is what AWS reports as Hash
 */
public record Document(
        String name,
        String documentType,
        String schemaVersion,
        String description,
        List<DocumentParameter> parameters,
        List<DocumentStep> steps,
        List<String> platformTypes,
        Instant createdDate,
        String content,
        String hash) {

    public static final String OWNER = "Amazon";
    public static final String VERSION = "1";
    public static final String STATUS = "Active";
    public static final String FORMAT = "JSON";
    public static final String HASH_TYPE = "Sha256";

    public Document {
        parameters = List.copyOf(parameters);
        steps = List.copyOf(steps);
        platformTypes = List.copyOf(platformTypes);
    }

    public Optional<DocumentParameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** AWS-owned documents carry no account in their ARN. */
    public String arn(String partition, String region) {
        return "arn:" + partition + ":ssm:" + region + "::document/" + name;
    }
}
