package steward.auth;

import java.util.List;

/**
 * What a SigV4 request says about itself: the credential scope, the signed header names and
 * the signature, from the Authorization header or from the presigned query string.
 */
public record SignedRequest(String accessKeyId, String scopeDate, String region, String service,
                            List<String> signedHeaders, String signature, boolean presigned) {
}
