package steward.auth;

import java.util.regex.Pattern;
import steward.protocol.ApiRequest;
import steward.tenant.Tenant;

/**
 * The local-development rule for accounts: a 12-digit access key id is the account id, any
 * other key belongs to 000000000000; the region is the credential scope's. Signatures are
 * parsed but not yet verified (that check wraps this one).
 */
public final class AccessKeyAccounts implements Authenticator {
    public static final String DEFAULT_ACCOUNT = "000000000000";
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private final SignatureParser parser = new SignatureParser();

    @Override
    public Tenant authenticate(ApiRequest request) {
        SignedRequest signed = parser.parse(request);
        return new Tenant(accountFor(signed.accessKeyId()), signed.region());
    }

    public static String accountFor(String accessKeyId) {
        return ACCOUNT_ID.matcher(accessKeyId).matches() ? accessKeyId : DEFAULT_ACCOUNT;
    }
}
