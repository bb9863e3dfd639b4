package steward.document;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A document named by ARN, {@code arn:PARTITION:ssm:REGION:ACCOUNT:document/NAME}; Amazon's
 * documents have an empty account. Anything that is not an ARN is a plain name.
 */
public record DocumentArn(String partition, String region, String account, String name) {
    private static final Pattern ARN = Pattern.compile("^arn:([^:]+):ssm:([^:]*):([^:]*):document/([^/]+)$");

    public static DocumentArn parse(String nameOrArn) {
        Matcher m = ARN.matcher(nameOrArn);
        return m.matches() ? new DocumentArn(m.group(1), m.group(2), m.group(3), m.group(4)) : null;
    }

    /** The document name inside a document ARN; anything else is taken as a name already. */
    public static String nameOf(String nameOrArn) {
        DocumentArn arn = parse(nameOrArn);
        return arn == null ? nameOrArn : arn.name();
    }

    public static String of(String partition, String region, String account, String name) {
        return "arn:" + partition + ":ssm:" + region + ":" + account + ":document/" + name;
    }
}
