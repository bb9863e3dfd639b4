package steward.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import steward.errors.SsmException;
import steward.protocol.ApiRequest;

/**
 * Reads the SigV4 parts of a request, in header form or presigned query form, and rejects
 * malformed ones with the codes AWS uses. It does not verify the signature.
 */
public final class SignatureParser {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    public SignedRequest parse(ApiRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null) {
            return parseHeader(authorization.trim());
        }
        if (request.queryParameter("X-Amz-Algorithm") != null || request.queryParameter("X-Amz-Credential") != null) {
            return parseQuery(request);
        }
        throw new SsmException("MissingAuthenticationToken", "Missing Authentication Token");
    }

    private SignedRequest parseHeader(String header) {
        if (!header.startsWith(ALGORITHM + " ")) {
            throw incomplete("Authorization header requires the " + ALGORITHM + " algorithm.");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of("Credential", "SignedHeaders", "Signature")) {
            if (parts.get(name) == null || parts.get(name).isEmpty()) {
                missing.add("'" + name + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw incomplete("Authorization header requires " + String.join(", ", missing)
                    + " parameter. Authorization=" + header);
        }
        return build(parts.get("Credential"), parts.get("SignedHeaders"), parts.get("Signature"), false);
    }

    private SignedRequest parseQuery(ApiRequest request) {
        if (!ALGORITHM.equals(request.queryParameter("X-Amz-Algorithm"))) {
            throw incomplete("Query-string authentication requires X-Amz-Algorithm=" + ALGORITHM + ".");
        }
        String credential = request.queryParameter("X-Amz-Credential");
        String signedHeaders = request.queryParameter("X-Amz-SignedHeaders");
        String signature = request.queryParameter("X-Amz-Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw incomplete("Query-string authentication requires the X-Amz-Credential, X-Amz-SignedHeaders "
                    + "and X-Amz-Signature parameters.");
        }
        return build(credential, signedHeaders, signature, true);
    }

    private SignedRequest build(String credential, String signedHeaders, String signature, boolean presigned) {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty() || !scope[1].matches("\\d{8}") || scope[2].isEmpty()
                || !"aws4_request".equals(scope[4])) {
            throw incomplete("Credential should be scoped to a valid region, and to a date in yyyyMMdd form, "
                    + "ending in aws4_request. Credential=" + credential);
        }
        if (!"ssm".equals(scope[3])) {
            throw incomplete("Credential should be scoped to correct service: 'ssm'. Credential=" + credential);
        }
        List<String> headers = Arrays.stream(signedHeaders.split(";")).filter(h -> !h.isEmpty()).toList();
        return new SignedRequest(scope[0], scope[1], scope[2], scope[3], headers, signature, presigned);
    }

    private static SsmException incomplete(String message) {
        return new SsmException("IncompleteSignature", message);
    }
}
