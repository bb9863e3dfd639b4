package steward.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import steward.tenant.Tenant;

/**
 * One access key Steward accepts: its secret, the account it acts for, and what it requires of
 * {@code X-Amz-Security-Token}.
 *
 * @param sessionToken the token a request with this key must present, or null for a long-term
 *                     key, which must present none
 * @param anySessionToken true for the development credentials, which accept any token or none
 * @param instance        set for the temporary credentials of a managed node's agent: they act for
 *                        that node only, in its tenant, whatever region the request is signed for
 */
public record Credential(String accessKeyId, String secretAccessKey, String accountId, String sessionToken,
                         boolean anySessionToken, Instance instance) {
    /** The node an agent's credentials act for. */
    public record Instance(String instanceId, Tenant tenant) {
    }

    public Credential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(accountId, "accountId");
    }

    public Credential(String accessKeyId, String secretAccessKey, String accountId, String sessionToken,
                      boolean anySessionToken) {
        this(accessKeyId, secretAccessKey, accountId, sessionToken, anySessionToken, null);
    }

    public static Credential forInstance(String accessKeyId, String secretAccessKey, String sessionToken,
                                         String instanceId, Tenant tenant) {
        return new Credential(accessKeyId, secretAccessKey, tenant.accountId(), Objects.requireNonNull(sessionToken),
                false, new Instance(instanceId, tenant));
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
