package steward.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import steward.errors.SsmException;
import steward.protocol.ApiRequest;
import steward.tenant.Tenant;

/**
 * The verifier against requests signed by the AWS SDK for Java v2's signer, and every way a
 * signature can be wrong, each with the code and message AWS answers.
 */
class SigV4VerifierTest {
    private static final Instant NOW = Instant.parse("2024-01-01T00:30:00Z");
    private static final String KEY = "AKIAEXAMPLEKEY000001";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String SESSION_KEY = "ASIAEXAMPLEKEY000002";
    private static final String TOKEN = "FwoGZXIvYXdzEXAMPLE//token+with/odd=chars";
    private static final FileCredentials FILE = FileCredentials.parse("""
            {"Credentials": [
              {"AccessKeyId": "AKIAEXAMPLEKEY000001", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
               "AccountId": "111122223333"},
              {"AccessKeyId": "ASIAEXAMPLEKEY000002", "SecretAccessKey": "session-secret", "AccountId": "444455556666",
               "SessionToken": "FwoGZXIvYXdzEXAMPLE//token+with/odd=chars"}
            ]}""");

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final SigV4Verifier verifier = new SigV4Verifier(FILE, () -> now.get());
    private final SigV4Verifier development = new SigV4Verifier(new DevelopmentCredentials(), () -> now.get());

    private static SdkSigned listAssociations() {
        return SdkSigned.awsJson("ListAssociations", "{\"MaxResults\":5}").key(KEY, SECRET).at(NOW);
    }

    private SsmException rejected(SigV4Verifier v, ApiRequest request, String code) {
        SsmException e = assertThrows(SsmException.class, () -> v.authenticate(request));
        assertEquals(code, e.code(), e.getMessage());
        assertFalse(e.serverFault());
        return e;
    }

    private SsmException rejected(ApiRequest request, String code) {
        return rejected(verifier, request, code);
    }

    @Test
    void aRequestSignedByTheSdkIsTheAccountOfItsKeyInTheRegionOfItsScope() {
        assertEquals(new Tenant("111122223333", "us-east-1"), verifier.authenticate(listAssociations().build()));
        assertEquals(new Tenant("111122223333", "eu-west-1"),
                verifier.authenticate(listAssociations().region("eu-west-1").build()));
    }

    @Test
    void developmentCredentialsAcceptAnyKeyWithTheSecretTestAndStillVerifyTheSignature() {
        assertEquals(new Tenant("000000000000", "us-east-1"),
                development.authenticate(listAssociations().key("test", "test").build()));
        assertEquals(new Tenant("123456789012", "ap-south-1"),
                development.authenticate(listAssociations().key("123456789012", "test").region("ap-south-1").build()));
        assertEquals(new Tenant("000000000000", "us-east-1"),
                development.authenticate(listAssociations().key("test", "test").sessionToken("any").build()));
        SsmException e = rejected(development, listAssociations().key("test", "not-test").build(),
                "InvalidSignatureException");
        assertEquals("The request signature we calculated does not match the signature you provided. Check your AWS "
                + "Secret Access Key and signing method. Consult the service documentation for details.", e.getMessage());
    }

    @Test
    void noAuthenticationAtAllIsMissingAuthenticationToken() {
        ApiRequest unsigned = SdkSigned.request("POST", "/", Map.of("host", SdkSigned.HOST,
                "x-amz-target", "AmazonSSM.ListAssociations"), new byte[0]);
        assertEquals("Missing Authentication Token", rejected(unsigned, "MissingAuthenticationToken").getMessage());
    }

    @Test
    void aWrongSecretIsInvalidSignatureException() {
        SsmException e = rejected(listAssociations().key(KEY, SECRET + "x").build(), "InvalidSignatureException");
        assertEquals(AuthErrors.SIGNATURE_MISMATCH, e.getMessage());
    }

    @Test
    void aKeyTheFileDoesNotListIsUnrecognizedClientException() {
        SsmException e = rejected(listAssociations().key("AKIAUNKNOWNKEY000003", SECRET).build(),
                "UnrecognizedClientException");
        assertEquals("The security token included in the request is invalid.", e.getMessage());
        rejected(listAssociations().key("test", "test").build(), "UnrecognizedClientException");
    }

    @Test
    void aRequestMoreThanFifteenMinutesOldHasExpired() {
        ApiRequest old = listAssociations().at(NOW.minus(Duration.ofMinutes(15)).minusSeconds(1)).build();
        SsmException e = rejected(old, "InvalidSignatureException");
        assertEquals("Signature expired: 20240101T001459Z is now earlier than 20240101T001500Z "
                + "(20240101T003000Z - 15 min.)", e.getMessage());
        assertEquals(new Tenant("111122223333", "us-east-1"),
                verifier.authenticate(listAssociations().at(NOW.minus(Duration.ofMinutes(15))).build()));
    }

    @Test
    void aRequestDatedMoreThanFifteenMinutesAheadIsNotYetCurrent() {
        ApiRequest early = listAssociations().at(NOW.plus(Duration.ofMinutes(15)).plusSeconds(1)).build();
        SsmException e = rejected(early, "InvalidSignatureException");
        assertEquals("Signature not yet current: 20240101T004501Z is still later than 20240101T004500Z "
                + "(20240101T003000Z + 15 min.)", e.getMessage());
        assertEquals(new Tenant("111122223333", "us-east-1"),
                verifier.authenticate(listAssociations().at(NOW.plus(Duration.ofMinutes(15))).build()));
    }

    @Test
    void theSameRequestExpiresWhenTheServerClockMovesOn() {
        ApiRequest request = listAssociations().build();
        verifier.authenticate(request);
        now.set(NOW.plus(Duration.ofMinutes(16)));
        rejected(request, "InvalidSignatureException");
    }

    @Test
    void anAlteredBodyFailsTheSignature() {
        ApiRequest request = listAssociations().build();
        rejected(SdkSigned.withBody(request, "{\"MaxResults\":50}"), "InvalidSignatureException");
    }

    @Test
    void aDeclaredPayloadHashMustBeTheBodys() {
        ApiRequest request = listAssociations().header("X-Amz-Content-Sha256",
                SigV4Verifier.sha256Hex("{\"MaxResults\":5}".getBytes())).build();
        verifier.authenticate(request);
        SsmException e = rejected(SdkSigned.withBody(request, "{\"MaxResults\":6}"), "InvalidSignatureException");
        assertEquals("The provided 'x-amz-content-sha256' header does not match what was computed.", e.getMessage());
        // UNSIGNED-PAYLOAD is for presigned requests only: a header-signed request's body is always signed.
        rejected(SdkSigned.withHeader(request, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"), "InvalidSignatureException");
    }

    @Test
    void anAlteredSignedHeaderFailsTheSignatureAndAnAddedUnsignedOneDoesNot() {
        ApiRequest request = listAssociations().build();
        assertTrue(request.header("authorization").contains("x-amz-target"), request.header("authorization"));
        rejected(SdkSigned.withHeader(request, "x-amz-target", "AmazonSSM.DeleteAssociation"), "InvalidSignatureException");
        rejected(SdkSigned.withHeader(request, "host", "other.example:4583"), "InvalidSignatureException");
        rejected(SdkSigned.withHeader(request, "x-amz-target", null), "InvalidSignatureException");
        verifier.authenticate(SdkSigned.withHeader(request, "x-forwarded-for", "10.1.2.3"));
    }

    @Test
    void anAlteredPathOrQueryFailsTheSignature() {
        ApiRequest request = listAssociations().path("/?a=1").build();
        verifier.authenticate(request);
        rejected(SdkSigned.withUri(request, "/?a=2"), "InvalidSignatureException");
        rejected(SdkSigned.withUri(request, "/other?a=1"), "InvalidSignatureException");
        rejected(SdkSigned.withUri(request, "/?a=1&b=2"), "InvalidSignatureException");
    }

    @Test
    void hostMustBeSigned() {
        ApiRequest request = listAssociations().build();
        String authorization = request.header("authorization").replace(";host;", ";");
        assertFalse(authorization.contains("host"), authorization);
        SsmException e = rejected(SdkSigned.withHeader(request, "authorization", authorization), "IncompleteSignature");
        assertEquals("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", e.getMessage());
    }

    @Test
    void aScopeForAnotherServiceIsRefused() {
        SsmException e = rejected(listAssociations().service("ec2").build(), "InvalidSignatureException");
        assertEquals("Credential should be scoped to correct service: 'ssm'. ", e.getMessage());
    }

    @Test
    void aScopeWhoseDateIsNotTheRequestsIsRefused() {
        ApiRequest request = listAssociations().build();
        String authorization = request.header("authorization").replace("/20240101/", "/20231231/");
        SsmException e = rejected(SdkSigned.withHeader(request, "authorization", authorization),
                "InvalidSignatureException");
        assertEquals("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'20231231' != '20240101', from '20240101T003000Z'.", e.getMessage());
    }

    @Test
    void aRegionThatIsNoRegionIsRefused() {
        ApiRequest request = listAssociations().build();
        String authorization = request.header("authorization").replace("/us-east-1/", "/US_EAST/");
        SsmException e = rejected(SdkSigned.withHeader(request, "authorization", authorization),
                "InvalidSignatureException");
        assertEquals("Credential should be scoped to a valid region, not 'US_EAST'. ", e.getMessage());
    }

    @Test
    void aMissingDateIsIncompleteSignature() {
        ApiRequest request = SdkSigned.withHeader(listAssociations().build(), "x-amz-date", null);
        SsmException e = rejected(request, "IncompleteSignature");
        assertTrue(e.getMessage().startsWith("Authorization header requires existence of either a 'X-Amz-Date' or a "
                + "'Date' header. Authorization=AWS4-HMAC-SHA256 Credential="), e.getMessage());
        rejected(SdkSigned.withHeader(listAssociations().build(), "x-amz-date", "2024-01-01T00:30:00Z"),
                "IncompleteSignature");
    }

    @Test
    void aTruncatedOrAlteredSignatureFails() {
        ApiRequest request = listAssociations().build();
        String authorization = request.header("authorization");
        rejected(SdkSigned.withHeader(request, "authorization", authorization.substring(0, authorization.length() - 1)),
                "InvalidSignatureException");
        int signature = authorization.indexOf("Signature=") + "Signature=".length();
        rejected(SdkSigned.withHeader(request, "authorization", authorization.substring(0, signature)
                + authorization.substring(signature).toUpperCase()), "InvalidSignatureException");
        rejected(SdkSigned.withHeader(request, "authorization", authorization + "00"), "InvalidSignatureException");
    }

    @Test
    void malformedAuthorizationHeadersAreIncompleteSignature() {
        ApiRequest request = listAssociations().build();
        SsmException parts = rejected(SdkSigned.withHeader(request, "authorization",
                "AWS4-HMAC-SHA256 Credential=" + KEY + "/20240101/us-east-1/ssm/aws4_request"), "IncompleteSignature");
        assertTrue(parts.getMessage().startsWith("Authorization header requires 'Signature' parameter. Authorization "
                + "header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential="), parts.getMessage());
        SsmException basic = rejected(SdkSigned.withHeader(request, "authorization", "Basic dGVzdDp0ZXN0"),
                "IncompleteSignature");
        assertTrue(basic.getMessage().startsWith("Authorization header requires 'Credential' parameter."), basic.getMessage());
        SsmException pair = rejected(SdkSigned.withHeader(request, "authorization", "AWS4-HMAC-SHA256 Credential= "
                + KEY + "/20240101/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=00"), "IncompleteSignature");
        assertTrue(pair.getMessage().startsWith("'" + KEY + "/20240101/us-east-1/ssm/aws4_request' not a valid key=value "
                + "pair (missing equal-sign) in Authorization header: "), pair.getMessage());
        SsmException scope = rejected(SdkSigned.withHeader(request, "authorization", "AWS4-HMAC-SHA256 Credential="
                + KEY + "/20240101/us-east-1/ssm, SignedHeaders=host, Signature=00"), "IncompleteSignature");
        assertEquals("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                + KEY + "/20240101/us-east-1/ssm'", scope.getMessage());
        SsmException terminator = rejected(SdkSigned.withHeader(request, "authorization", "AWS4-HMAC-SHA256 Credential="
                + KEY + "/20240101/us-east-1/ssm/aws4_requests, SignedHeaders=host, Signature=00"), "IncompleteSignature");
        assertEquals("Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_requests'. ",
                terminator.getMessage());
    }

    @Test
    void aSessionTokenMustBeTheOneListedForTheKey() {
        SdkSigned session = SdkSigned.awsJson("ListAssociations", "{}").key(SESSION_KEY, "session-secret").at(NOW);
        assertEquals(new Tenant("444455556666", "us-east-1"), verifier.authenticate(session.sessionToken(TOKEN).build()));
        SsmException wrong = rejected(session.sessionToken(TOKEN + "x").build(), "UnrecognizedClientException");
        assertEquals("The security token included in the request is invalid.", wrong.getMessage());
        rejected(session.sessionToken(null).build(), "UnrecognizedClientException");
        rejected(listAssociations().sessionToken("unexpected").build(), "UnrecognizedClientException");
    }

    @Test
    void aPresignedRequestIsAcceptedUntilItExpires() {
        ApiRequest presigned = listAssociations().method("GET").body("").presigned(Duration.ofMinutes(60)).build();
        assertTrue(presigned.rawQuery().contains("X-Amz-Signature="), presigned.rawQuery());
        assertEquals(null, presigned.header("authorization"));
        assertEquals(new Tenant("111122223333", "us-east-1"), verifier.authenticate(presigned));
        now.set(NOW.plus(Duration.ofMinutes(60)));
        verifier.authenticate(presigned);
        now.set(NOW.plus(Duration.ofMinutes(60)).plusSeconds(1));
        SsmException e = rejected(presigned, "InvalidSignatureException");
        assertEquals("Signature expired: 20240101T003000Z is now earlier than 20240101T003001Z "
                + "(20240101T013001Z - 3600 sec.)", e.getMessage());
    }

    @Test
    void aPresignedRequestCoversItsQueryAndSignedHeaders() {
        ApiRequest presigned = listAssociations().presigned(Duration.ofMinutes(5)).build();
        verifier.authenticate(presigned);
        rejected(SdkSigned.withUri(presigned, "/?" + presigned.rawQuery().replace("X-Amz-Expires=300",
                "X-Amz-Expires=600")), "InvalidSignatureException");
        rejected(SdkSigned.withHeader(presigned, "x-amz-target", "AmazonSSM.DeleteAssociation"), "InvalidSignatureException");
    }

    @Test
    void presignedRequestsNeedEveryParameterAndAtMostAWeek() {
        ApiRequest presigned = listAssociations().presigned(Duration.ofMinutes(5)).build();
        String query = presigned.rawQuery();
        SsmException missing = rejected(SdkSigned.withUri(presigned, "/?" + query.replaceAll("X-Amz-Date=[^&]*&?", "")),
                "IncompleteSignature");
        assertEquals("AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
                missing.getMessage());
        SsmException week = rejected(SdkSigned.withUri(presigned, "/?" + query.replace("X-Amz-Expires=300",
                "X-Amz-Expires=604801")), "IncompleteSignature");
        assertTrue(week.getMessage().startsWith("X-Amz-Expires must be less than a week"), week.getMessage());
        rejected(SdkSigned.withUri(presigned, "/?" + query.replace("X-Amz-Expires=300", "X-Amz-Expires=0")),
                "IncompleteSignature");
        rejected(SdkSigned.withUri(presigned, "/?" + query.replace("X-Amz-Expires=300", "X-Amz-Expires=soon")),
                "IncompleteSignature");
        rejected(SdkSigned.withUri(presigned, "/?" + query.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512")),
                "IncompleteSignature");
    }

    @Test
    void aPresignedUrlMayCarryASessionToken() {
        SdkSigned session = SdkSigned.awsJson("ListAssociations", "{}").key(SESSION_KEY, "session-secret").at(NOW)
                .presigned(Duration.ofMinutes(5));
        ApiRequest presigned = session.sessionToken(TOKEN).build();
        assertTrue(presigned.rawQuery().contains("X-Amz-Security-Token="), presigned.rawQuery());
        verifier.authenticate(presigned);
        rejected(session.sessionToken(TOKEN + "x").build(), "UnrecognizedClientException");
    }

    @Test
    void escapedPathsAreSignedEncodedTwiceAsTheSdksDo() {
        ApiRequest alarm = SdkSigned.awsJson("x", "{\"State\":\"ALARM\"}").method("PUT")
                .path("/_steward/alarms/my%20alarm%2Fwith%25odd~chars").key(KEY, SECRET).at(NOW).build();
        assertEquals("/_steward/alarms/my%20alarm%2Fwith%25odd~chars", alarm.path());
        assertEquals("/_steward/alarms/my%2520alarm%252Fwith%2525odd~chars", CanonicalRequest.uri(alarm.path()));
        verifier.authenticate(alarm);
        rejected(SdkSigned.withUri(alarm, "/_steward/alarms/my%2520alarm%252Fwith%2525odd~chars"),
                "InvalidSignatureException");
        rejected(SdkSigned.withUri(alarm, "/_steward/alarms/my alarm%2Fwith%25odd~chars"), "InvalidSignatureException");
    }

    @Test
    void queryStringsCanonicalizeAsTheSdksSignThem() {
        ApiRequest request = listAssociations().path("/?b=2&a=x%20y&a=%2F&c=%E2%82%AC&empty").build();
        verifier.authenticate(request);
        assertEquals("a=%2F&a=x%20y&b=2&c=%E2%82%AC&empty=", CanonicalRequest.query(request.rawQuery(), false));
        assertEquals("a=b%20c", CanonicalRequest.query("a=b+c", false));
        assertEquals("a=100%25", CanonicalRequest.query("a=100%", false));
    }

    @Test
    void headerValuesAreTrimmedAndTheirBlanksCollapsed() {
        assertEquals("a b c", CanonicalRequest.trimAll("  a   b\t\tc  "));
        assertEquals("host:h\nx-a:1,2\n", CanonicalRequest.headers(Map.of("host", "h", "x-a", "1,2"),
                java.util.List.of("host", "x-a")));
    }

    @Test
    void signingKeysAreCachedWithinABound() {
        for (int i = 0; i < 300; i++) {
            development.authenticate(listAssociations().key("test", "test").region("region-" + i).build());
        }
        assertEquals(256, development.cachedSigningKeys());
    }

    @Test
    void theVerifierAgreesWithTheSdkOnHeaderCaseAndRepeatedHeaders() {
        SdkSigned signed = listAssociations().header("X-Custom", "  spaced    value  ")
                .repeatedHeader("X-Amz-Meta-Repeated", "  first   value ")
                .repeatedHeader("x-amz-meta-REPEATED", "second\t value");
        ApiRequest request = signed.build();
        assertEquals("first   value,second\t value", request.headers().get("x-amz-meta-repeated"),
                "the repeated header reaches the verifier as one, comma-joined");
        String authorization = request.headers().get("authorization");
        assertTrue(authorization.contains("x-amz-meta-repeated") && authorization.contains("x-custom"),
                "the SDK signed both headers: " + authorization);
        assertEquals(new Tenant("111122223333", "us-east-1"), verifier.authenticate(request));

        // Both headers are covered by the signature: a change to either value, even to the
        // second line of the repeated header, is refused.
        rejected(SdkSigned.withHeader(request, "x-amz-meta-repeated", "first   value,second value x"),
                "InvalidSignatureException");
        rejected(SdkSigned.withHeader(request, "x-amz-meta-repeated", "first   value"), "InvalidSignatureException");
        rejected(SdkSigned.withHeader(request, "x-custom", "spaced value!"), "InvalidSignatureException");
        // Blanks inside a value are collapsed before signing, so collapsing them on the way is no change.
        assertEquals(new Tenant("111122223333", "us-east-1"),
                verifier.authenticate(SdkSigned.withHeader(request, "x-custom", "spaced value")));
    }

    @Test
    void credentialsNeverPrintTheirSecretOrToken() {
        String printed = FILE.find(SESSION_KEY).orElseThrow().toString();
        assertFalse(printed.contains("session-secret"), printed);
        assertFalse(printed.contains(TOKEN), printed);
        assertTrue(printed.contains(SESSION_KEY), printed);
    }

    @Test
    void theServerClockIsTheOneInjected() {
        SigV4Verifier fixed = new SigV4Verifier(FILE, InstantSource.fixed(NOW.plus(Duration.ofDays(1))));
        rejected(fixed, listAssociations().build(), "InvalidSignatureException");
    }
}
