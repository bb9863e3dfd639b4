package steward.auth;

import static steward.auth.AuthErrors.incomplete;
import static steward.auth.AuthErrors.invalidSignature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.protocol.ApiRequest;
import steward.tenant.Tenant;

/**
 * Verifies AWS Signature Version 4 on every request, in header form ({@code Authorization:
 * AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}) and in presigned query form
 * ({@code X-Amz-Algorithm}, {@code X-Amz-Credential}, ... {@code X-Amz-Signature}), and answers the
 * tenant of the key: its account, and the region of the credential scope.
 *
 * <p>In order, with AWS's codes: the form ({@code MissingAuthenticationToken},
 * {@code IncompleteSignature}); the scope, which must name this service, a region, and the date of
 * the request ({@code InvalidSignatureException}); {@code host} among the signed headers
 * ({@code IncompleteSignature}); the key and its session token ({@code UnrecognizedClientException});
 * the time, within 15 minutes of this server's clock, or for a presigned request from its date until
 * {@code X-Amz-Expires} later ({@code InvalidSignatureException}); a declared payload hash against
 * the body; and last the signature itself, compared in constant time.
 */
public final class SigV4Verifier implements Authenticator {
    public static final String SERVICE = "ssm";
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final Logger LOG = LoggerFactory.getLogger(SigV4Verifier.class);
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int KEY_CACHE_SIZE = 256;

    private final CredentialStore credentials;
    private final InstantSource clock;
    private final String service;
    private final SignatureParser parser = new SignatureParser();
    private final SigningKeys keys = new SigningKeys(KEY_CACHE_SIZE);

    /** A verifier for service {@code ssm}. {@code clock} must be the wall clock the clients sign with. */
    public SigV4Verifier(CredentialStore credentials, InstantSource clock) {
        this(credentials, clock, SERVICE);
    }

    /** A verifier for another service name: ec2messages, or the published test vectors' service. */
    public SigV4Verifier(CredentialStore credentials, InstantSource clock, String service) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public Tenant authenticate(ApiRequest request) {
        return principal(request).tenant();
    }

    @Override
    public Principal principal(ApiRequest request) {
        SignedRequest signed = parser.parse(request);
        checkScope(signed);
        if (!signed.signedHeaders().contains("host")) {
            throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        Credential credential = credentials.find(signed.accessKeyId()).orElseThrow(AuthErrors::unrecognizedClient);
        if (!credential.acceptsSessionToken(signed.securityToken())) {
            throw AuthErrors.unrecognizedClient();
        }
        checkTime(signed);
        byte[] provided = signed.signature().getBytes(StandardCharsets.ISO_8859_1);
        byte[] key = keys.key(credential.secretAccessKey(), signed.scopeDate(), signed.region(), signed.service());
        for (String payloadHash : payloadHashes(request, signed)) {
            String canonical = CanonicalRequest.build(request, signed, payloadHash);
            String expected = HexFormat.of().formatHex(SigningKeys.hmac(key, stringToSign(signed, canonical)));
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.ISO_8859_1), provided)) {
                return credential.instance() != null
                        ? new Principal(credential.instance().tenant(), credential.instance().instanceId())
                        : new Principal(new Tenant(credential.accountId(), signed.region()), null);
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("signature mismatch for {}; canonical request:\n{}", credential,
                        canonical.replaceAll("(?m)^x-amz-security-token:.*$", "x-amz-security-token:<redacted>"));
            }
        }
        throw AuthErrors.signatureMismatch();
    }

    private void checkScope(SignedRequest signed) {
        if (!service.equals(signed.service())) {
            throw invalidSignature("Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (!REGION.matcher(signed.region()).matches() || signed.region().length() > 64) {
            throw invalidSignature("Credential should be scoped to a valid region, not '" + signed.region() + "'. ");
        }
        String requestDate = signed.amzDate().substring(0, 8);
        if (!requestDate.equals(signed.scopeDate())) {
            throw invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
                    + "HTTP: '" + signed.scopeDate() + "' != '" + requestDate + "', from '" + signed.amzDate() + "'.");
        }
    }

    private void checkTime(SignedRequest signed) {
        Instant now = clock.instant();
        Instant time = signed.requestTime();
        if (time.isAfter(now.plus(MAX_SKEW))) {
            throw invalidSignature("Signature not yet current: " + signed.amzDate() + " is still later than "
                    + format(now.plus(MAX_SKEW)) + " (" + format(now) + " + 15 min.)");
        }
        if (signed.presigned()) {
            if (now.isAfter(time.plusSeconds(signed.expiresSeconds()))) {
                throw invalidSignature("Signature expired: " + signed.amzDate() + " is now earlier than "
                        + format(now.minusSeconds(signed.expiresSeconds())) + " (" + format(now) + " - "
                        + signed.expiresSeconds() + " sec.)");
            }
        } else if (time.isBefore(now.minus(MAX_SKEW))) {
            throw invalidSignature("Signature expired: " + signed.amzDate() + " is now earlier than "
                    + format(now.minus(MAX_SKEW)) + " (" + format(now) + " - 15 min.)");
        }
    }

    /**
     * The payload hashes the client may have signed with: the one it declares (X-Amz-Content-Sha256,
     * which must be the body's, or UNSIGNED-PAYLOAD in a presigned request), else the body's own,
     * and for a presigned request that declares none also UNSIGNED-PAYLOAD, as presigners sign.
     */
    private static List<String> payloadHashes(ApiRequest request, SignedRequest signed) {
        String declared = signed.presigned() ? request.queryParameter("X-Amz-Content-Sha256") : null;
        if (declared == null) {
            declared = request.header("x-amz-content-sha256");
        }
        String bodyHash = sha256Hex(request.body());
        if (declared != null) {
            declared = declared.trim();
            if (signed.presigned() && declared.equals(UNSIGNED_PAYLOAD)) {
                return List.of(UNSIGNED_PAYLOAD);
            }
            if (!declared.equals(bodyHash)) {
                throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
            }
            return List.of(declared);
        }
        return signed.presigned() ? List.of(UNSIGNED_PAYLOAD, bodyHash) : List.of(bodyHash);
    }

    static String stringToSign(SignedRequest signed, String canonicalRequest) {
        return SignatureParser.ALGORITHM + "\n" + signed.amzDate() + "\n" + signed.credentialScope() + "\n"
                + sha256Hex(CanonicalRequest.bytes(canonicalRequest));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String format(Instant instant) {
        return SignatureParser.AMZ_DATE.format(instant);
    }

    int cachedSigningKeys() {
        return keys.size();
    }
}
