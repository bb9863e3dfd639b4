package steward.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import steward.errors.SsmException;
import steward.protocol.ApiRequest;
import steward.tenant.Tenant;

/**
 * AWS's published SigV4 test vectors (src/test/resources/steward/auth/README.md), run through the
 * very canonicalization and verification the server uses, with the service name the vectors sign
 * for: each request must canonicalize to the published canonical request and string to sign, its
 * published signature must verify, and the same signature one character off must not.
 */
class SigV4TestSuiteTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String ACCOUNT = "111122223333";
    /** The published .creq of this case lists a header its own .authz does not sign; its .sts is checked instead. */
    private static final Set<String> PUBLISHED_CREQ_DISAGREES = Set.of("post-x-www-form-urlencoded");
    private static final String TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAe"
            + "MicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT"
            + "7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Y"
            + "jc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    record Vector(String suite, String name, String service, Instant time) {
        @Override
        public String toString() {
            return suite + "/" + name;
        }

        String file(String extension) {
            try {
                return Files.readString(resource(suite).resolve(name).resolve(name + "." + extension), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] bytes(String extension) {
            try {
                return Files.readAllBytes(resource(suite).resolve(name).resolve(name + "." + extension));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Stream<Vector> vectors() {
        return Stream.concat(
                names("aws-sig-v4-test-suite").map(n -> new Vector("aws-sig-v4-test-suite", n, "service",
                        Instant.parse("2015-08-30T12:36:00Z"))),
                names("botocore-aws4-testsuite").map(n -> new Vector("botocore-aws4-testsuite", n, "host",
                        Instant.parse("2011-09-09T23:36:00Z"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void canonicalRequestAndStringToSignAreThePublishedOnes(Vector vector) {
        ApiRequest request = parse(vector.bytes("req"), vector.file("authz"));
        SignedRequest signed = new SignatureParser().parse(request);
        String canonical = CanonicalRequest.build(request, signed, SigV4Verifier.sha256Hex(request.body()));
        if (!PUBLISHED_CREQ_DISAGREES.contains(vector.name())) {
            assertEquals(vector.file("creq"), canonical);
        }
        assertEquals(vector.file("sts"), SigV4Verifier.stringToSign(signed, canonical));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void publishedSignatureVerifiesAndATamperedOneDoesNot(Vector vector) {
        ApiRequest request = parse(vector.bytes("req"), vector.file("authz"));
        assertEquals(new Tenant(ACCOUNT, "us-east-1"), verifier(vector, request).authenticate(request));

        String authz = vector.file("authz");
        char last = authz.charAt(authz.length() - 1);
        ApiRequest tampered = parse(vector.bytes("req"), authz.substring(0, authz.length() - 1) + (last == '0' ? '1' : '0'));
        SsmException e = assertThrows(SsmException.class, () -> verifier(vector, tampered).authenticate(tampered));
        assertEquals("InvalidSignatureException", e.code());
        assertEquals(AuthErrors.SIGNATURE_MISMATCH, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aDayLaterTheSameRequestHasExpired(Vector vector) {
        ApiRequest request = parse(vector.bytes("req"), vector.file("authz"));
        SigV4Verifier later = new SigV4Verifier(store(request), InstantSource.fixed(vector.time().plusSeconds(86_400)),
                vector.service());
        SsmException e = assertThrows(SsmException.class, () -> later.authenticate(request));
        assertEquals("InvalidSignatureException", e.code());
    }

    /** post-sts-header-after: the token is added after signing, unsigned; it still has to be the key's. */
    @Test
    void aSessionTokenAddedAfterSigningIsStillChecked() {
        Vector vector = new Vector("aws-sig-v4-test-suite", "post-sts-header-after", "service",
                Instant.parse("2015-08-30T12:36:00Z"));
        ApiRequest request = SdkSigned.withHeader(parse(vector.bytes("req"), vector.file("authz")),
                "x-amz-security-token", TOKEN);
        assertEquals(new Tenant(ACCOUNT, "us-east-1"), verifier(vector, request).authenticate(request));
        SigV4Verifier withoutToken = new SigV4Verifier(id -> java.util.Optional.of(Credential.longTerm(id, SECRET, ACCOUNT)),
                InstantSource.fixed(vector.time()), vector.service());
        assertEquals("UnrecognizedClientException",
                assertThrows(SsmException.class, () -> withoutToken.authenticate(request)).code());
    }

    private static SigV4Verifier verifier(Vector vector, ApiRequest request) {
        return new SigV4Verifier(store(request), InstantSource.fixed(vector.time()), vector.service());
    }

    private static CredentialStore store(ApiRequest request) {
        String token = request.header("x-amz-security-token");
        Credential credential = token == null ? Credential.longTerm("AKIDEXAMPLE", SECRET, ACCOUNT)
                : Credential.withSessionToken("AKIDEXAMPLE", SECRET, ACCOUNT, token);
        return id -> id.equals("AKIDEXAMPLE") ? java.util.Optional.of(credential) : java.util.Optional.empty();
    }

    /**
     * A raw .req as the server's HTTP decoder reads it: one character per byte, the request target
     * as sent (it may hold a space), header names lowercased, values trimmed, repeats joined by commas.
     */
    static ApiRequest parse(byte[] raw, String authorization) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\n\n");
        String head = headerEnd < 0 ? text : text.substring(0, headerEnd);
        byte[] body = headerEnd < 0 ? new byte[0]
                : text.substring(headerEnd + 2).getBytes(StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\n");
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(' '));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + "," + b);
        }
        headers.put("authorization", authorization.trim());
        return SdkSigned.request(method, target, headers, body);
    }

    private static Stream<String> names(String suite) {
        try (Stream<Path> dirs = Files.list(resource(suite))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String suite) {
        try {
            return Path.of(SigV4TestSuiteTest.class.getResource("/steward/auth/" + suite).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
