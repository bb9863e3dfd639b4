package steward.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * One access key Steward accepts: its secret, the account it acts for, and what it requires of
 * {@code X-Amz-Security-Token}.
 *
 * @param sessionToken the token a request with this key must present, or null for a long-term
 *                     key, which must present none
 * @param anySessionToken true for the development credentials, which accept any token or none
 */
public record Credential(String accessKeyId, String secretAccessKey, String accountId, String sessionToken,
                         boolean anySessionToken) {
    public Credential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(accountId, "accountId");
    }

    public static Credential longTerm(String accessKeyId, String secretAccessKey, String accountId) {
        return new Credential(accessKeyId, secretAccessKey, accountId, null, false);
    }

    public static Credential withSessionToken(String accessKeyId, String secretAccessKey, String accountId,
                                              String sessionToken) {
        return new Credential(accessKeyId, secretAccessKey, accountId, Objects.requireNonNull(sessionToken), false);
    }

    /** Whether a request may present {@code token} (null: none) with this key; compared in constant time. */
    public boolean acceptsSessionToken(String token) {
        if (anySessionToken) {
            return true;
        }
        if (sessionToken == null || token == null) {
            return sessionToken == null && token == null;
        }
        return MessageDigest.isEqual(sessionToken.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** Never prints the secret or the token. */
    @Override
    public String toString() {
        return "Credential[accessKeyId=" + accessKeyId + ", accountId=" + accountId + "]";
    }
}
