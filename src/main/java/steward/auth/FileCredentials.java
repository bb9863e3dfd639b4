package steward.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access keys listed in a credentials file ({@code --credentials FILE}); no other key gets in.
 * The file is JSON:
 * <pre>
 * {"Credentials": [
 *   {"AccessKeyId": "AKIAEXAMPLEOPS000001", "SecretAccessKey": "...", "AccountId": "111122223333"},
 *   {"AccessKeyId": "ASIAEXAMPLECI0000001", "SecretAccessKey": "...", "AccountId": "444455556666",
 *    "SessionToken": "..."}
 * ]}
 * </pre>
 * {@code AccessKeyId} is 1 to 128 letters, digits or {@code _ . ~ + -} and unique in the file;
 * {@code SecretAccessKey} is not empty; {@code AccountId} is 12 digits. A key listed with a
 * {@code SessionToken} is accepted only with that token in {@code X-Amz-Security-Token}; a key
 * listed without one is refused when a request carries a token. The file is read once, at start.
 */
public final class FileCredentials implements CredentialStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileCredentials.class);
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Za-z0-9_.~+-]{1,128}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Set<String> MEMBERS = Set.of("AccessKeyId", "SecretAccessKey", "AccountId", "SessionToken");

    private final Map<String, Credential> byAccessKey;

    private FileCredentials(Map<String, Credential> byAccessKey) {
        this.byAccessKey = Collections.unmodifiableMap(byAccessKey);
    }

    /** Reads and checks a credentials file; an unreadable or invalid file is a CredentialsException. */
    public static FileCredentials load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CredentialsException("cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
        FileCredentials credentials;
        try {
            credentials = parse(text);
        } catch (IllegalArgumentException e) {
            throw new CredentialsException("credentials file " + file + ": " + e.getMessage(), e);
        }
        // Only a file that is used is worth a warning: a bad one is reported alone, in one line.
        warnIfOthersCanRead(file);
        return credentials;
    }

    /** Parses the JSON form described on this class. */
    public static FileCredentials parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON object {\"Credentials\": [...]}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("Credentials")) {
                throw new IllegalArgumentException("unknown member " + name + "; the file has only \"Credentials\"");
            }
        }
        JsonNode list = root.get("Credentials");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("\"Credentials\" must be a list");
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("\"Credentials\" lists no access key");
        }
        Map<String, Credential> byAccessKey = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "Credentials[" + i + "]";
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                throw new IllegalArgumentException(where + " must be an object");
            }
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!MEMBERS.contains(name)) {
                    throw new IllegalArgumentException(where + " has the unknown member " + name
                            + " (expected AccessKeyId, SecretAccessKey, AccountId and optionally SessionToken)");
                }
            }
            String accessKeyId = string(entry, "AccessKeyId", where, true);
            String secret = string(entry, "SecretAccessKey", where, true);
            String accountId = string(entry, "AccountId", where, true);
            String token = string(entry, "SessionToken", where, false);
            if (!ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
                throw new IllegalArgumentException(where + ".AccessKeyId must be 1 to 128 letters, digits or _ . ~ + -");
            }
            if (!ACCOUNT_ID.matcher(accountId).matches()) {
                throw new IllegalArgumentException(where + ".AccountId must be 12 digits");
            }
            if (secret.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(where + ".SecretAccessKey must not contain control characters");
            }
            Credential credential = token == null ? Credential.longTerm(accessKeyId, secret, accountId)
                    : Credential.withSessionToken(accessKeyId, secret, accountId, token);
            if (byAccessKey.putIfAbsent(accessKeyId, credential) != null) {
                throw new IllegalArgumentException(where + ".AccessKeyId " + accessKeyId + " is listed twice");
            }
        }
        return new FileCredentials(byAccessKey);
    }

    private static String string(JsonNode entry, String name, String where, boolean required) {
        JsonNode value = entry.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException(where + " has no " + name);
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(where + "." + name + " must be a non-empty string");
        }
        return value.asText();
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("the credentials file {} can be read by other users; chmod 600 it", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    @Override
    public Optional<Credential> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKey.get(accessKeyId));
    }

    public int size() {
        return byAccessKey.size();
    }
}
