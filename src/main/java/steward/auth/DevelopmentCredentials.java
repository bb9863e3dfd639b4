package steward.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The credentials of a server started without a credentials file: any access key id, with the
 * secret {@code test} (the signature is still verified, with that secret). The account is the
 * access key id when it is 12 digits, otherwise {@value #DEFAULT_ACCOUNT}. Any session token, or
 * none, is accepted.
 */
public final class DevelopmentCredentials implements CredentialStore {
    public static final String SECRET = "test";
    public static final String DEFAULT_ACCOUNT = "000000000000";
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    @Override
    public Optional<Credential> find(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credential(accessKeyId, SECRET, accountFor(accessKeyId), null, true));
    }

    public static String accountFor(String accessKeyId) {
        return ACCOUNT_ID.matcher(accessKeyId).matches() ? accessKeyId : DEFAULT_ACCOUNT;
    }
}
