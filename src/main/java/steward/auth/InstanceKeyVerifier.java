package steward.auth;

import static steward.auth.AuthErrors.incomplete;
import static steward.auth.AuthErrors.invalidSignature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import steward.protocol.ApiRequest;
import steward.tenant.Tenant;

/**
 * Verifies the RSA signatures of an on-premises agent (RequestManagedInstanceRoleToken,
 * UpdateManagedInstancePublicKey). The agent builds an ordinary SigV4 canonical request and
 * string to sign, with its instance id as the access key, then signs the string to sign with
 * RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) using its registered private key, and sends the
 * signature in standard base64 under the usual {@code AWS4-HMAC-SHA256} label.
 *
 * <p>Checks, in order: the form (as SigV4), the scope (service {@code ssm}, the request's date),
 * the instance and its key ({@code UnrecognizedClientException}), the time (15 minutes either
 * way), the body hash when declared, the signature, and last that this very signature was not
 * seen before. PSS signatures are randomized, so an agent's retry carries a new one and a
 * repeat can only be a replay; the seen ones are remembered for the skew window in which a
 * replay could otherwise pass (in memory: a replay across a restart within that window passes).
 */
public final class InstanceKeyVerifier implements Authenticator {
    public static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    private static final int MAX_REMEMBERED = 100_000;

    /** The key an instance signs with now, and the tenant its node belongs to. */
    public record RegisteredKey(String instanceId, Tenant tenant, String publicKey) {
    }

    /** Where registered keys are found. */
    public interface Keys {
        Optional<RegisteredKey> find(String instanceId);
    }

    private final Keys keys;
    private final InstantSource clock;
    private final SignatureParser parser = new SignatureParser();
    /** Signatures seen, with when they stop mattering; insertion order is expiry order. */
    private final Map<String, Instant> seen = new LinkedHashMap<>();

    public InstanceKeyVerifier(Keys keys, InstantSource clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Tenant authenticate(ApiRequest request) {
        return principal(request).tenant();
    }

    @Override
    public Principal principal(ApiRequest request) {
        SignedRequest signed = parser.parse(request);
        if (!SigV4Verifier.SERVICE.equals(signed.service())) {
            throw invalidSignature("Credential should be scoped to correct service: 'ssm'. ");
        }
        if (!signed.amzDate().startsWith(signed.scopeDate())) {
            throw invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                    + "from HTTP.");
        }
        if (!signed.signedHeaders().contains("host")) {
            throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        RegisteredKey key = keys.find(signed.accessKeyId()).orElseThrow(AuthErrors::unrecognizedClient);
        Instant now = clock.instant();
        Duration skew = Duration.between(signed.requestTime(), now).abs();
        if (skew.compareTo(SigV4Verifier.MAX_SKEW) > 0) {
            throw invalidSignature("Signature expired or not yet current: " + signed.amzDate()
                    + " is more than 15 minutes away from the server's time.");
        }
        String bodyHash = SigV4Verifier.sha256Hex(request.body());
        String declared = request.header("x-amz-content-sha256");
        if (declared != null && !declared.trim().equals(bodyHash)) {
            throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonical = CanonicalRequest.build(request, signed, bodyHash);
        String stringToSign = SigV4Verifier.stringToSign(signed, canonical);
        if (!verify(key.publicKey(), stringToSign, signed.signature())) {
            throw AuthErrors.signatureMismatch();
        }
        remember(signed.signature(), now);
        return new Principal(key.tenant(), key.instanceId());
    }

    private synchronized void remember(String signature, Instant now) {
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(now)) {
                it.remove();
            } else {
                break;
            }
        }
        if (seen.containsKey(signature)) {
            throw invalidSignature("This signed request was already received once; a replayed request is refused.");
        }
        if (seen.size() >= MAX_REMEMBERED) {
            seen.remove(seen.keySet().iterator().next());
        }
        seen.put(signature, now.plus(SigV4Verifier.MAX_SKEW.multipliedBy(2)));
    }

    /** Whether {@code signatureBase64} is a valid RSA-PSS signature of {@code text} by {@code publicKeyBase64}. */
    public static boolean verify(String publicKeyBase64, String text, String signatureBase64) {
        try {
            PublicKey key = publicKey(publicKeyBase64);
            Signature pss = Signature.getInstance("RSASSA-PSS");
            pss.setParameter(PSS);
            pss.initVerify(key);
            pss.update(text.getBytes(StandardCharsets.UTF_8));
            return pss.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The key the agent sends: base64 of a DER SubjectPublicKeyInfo. Only RSA keys of at least 2048
     * bits are accepted.
     *
     * @throws GeneralSecurityException when it is anything else
     */
    public static PublicKey publicKey(String base64) throws GeneralSecurityException {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new java.security.spec.InvalidKeySpecException("not base64", e);
        }
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        if (!(key instanceof java.security.interfaces.RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
            throw new java.security.spec.InvalidKeySpecException("an RSA key of at least 2048 bits is required");
        }
        return key;
    }
}
