package steward.auth;

import java.time.Instant;
import java.util.List;

/**
 * What a SigV4 request says about itself, from the Authorization header or from the presigned
 * query string: the credential scope, the signed header names as the client listed them, the
 * signature, the request time, and for a presigned request how long it stays valid.
 *
 * @param amzDate        the request time as it goes into the string to sign (ISO-8601 basic, UTC)
 * @param expiresSeconds X-Amz-Expires of a presigned request; 0 for the header form
 * @param securityToken  X-Amz-Security-Token, or null
 */
public record SignedRequest(String accessKeyId, String scopeDate, String region, String service,
                            String signedHeadersText, List<String> signedHeaders, String signature, boolean presigned,
                            String amzDate, Instant requestTime, long expiresSeconds, String securityToken) {
    public String credentialScope() {
        return scopeDate + "/" + region + "/" + service + "/aws4_request";
    }
}
