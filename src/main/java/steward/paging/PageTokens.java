package steward.paging;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.tenant.Tenant;

/**
 * Opaque NextToken values. A token carries a keyset position (never an offset) and is sealed
 * with an HMAC over the position and everything it is bound to: the operation, the tenant and
 * the request's binding (association id, filter set). A token that was altered, forged, or
 * presented to another operation, tenant, association or filter set fails to open and is
 * {@code InvalidNextToken}. The key lives in the data directory, so tokens survive restarts.
 */
public final class PageTokens {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 16;
    /** Far above any real token; bounds the work spent on a hostile one. */
    private static final int MAX_TOKEN_CHARS = 4096;

    private final SecretKeySpec key;

    public PageTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("token key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** Seals {@code position}, the last item's sort key as the store encodes it. */
    public String seal(String operation, Tenant tenant, String binding, String position) {
        byte[] payload = position.getBytes(StandardCharsets.UTF_8);
        byte[] mac = mac(operation, tenant, binding, payload);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac);
    }

    /** Opens a token sealed by {@link #seal} with the same operation, tenant and binding. */
    public String open(String operation, Tenant tenant, String binding, String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            throw invalid();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw invalid();
        }
        byte[] payload;
        byte[] presented;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            presented = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        // Base64 leaves spare bits in the last character that decoding ignores; only the
        // canonical spelling of a token is the token, so an altered character never passes.
        if (!(ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(presented)).equals(token)) {
            throw invalid();
        }
        byte[] expected = mac(operation, tenant, binding, payload);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw invalid();
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** Opens a token whose position is a number, as most keysets here are. */
    public long openNumber(String operation, Tenant tenant, String binding, String token) {
        try {
            return Long.parseLong(open(operation, tenant, binding, token));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private byte[] mac(String operation, Tenant tenant, String binding, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (String part : new String[] {operation, tenant.accountId(), tenant.region(), binding}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(intBytes(bytes.length));
                mac.update(bytes);
            }
            mac.update(payload);
            byte[] full = mac.doFinal();
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static SsmException invalid() {
        return new SsmException(ErrorCodes.INVALID_NEXT_TOKEN, "The specified token is not valid.");
    }
}
