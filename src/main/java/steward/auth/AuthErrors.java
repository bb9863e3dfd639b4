package steward.auth;

import steward.errors.SsmException;

/**
 * The errors AWS answers when it cannot authenticate a request, with AWS's codes and wording.
 * Every one is a client error (HTTP 400).
 */
public final class AuthErrors {
    public static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationToken";
    public static final String INCOMPLETE_SIGNATURE = "IncompleteSignature";
    public static final String INVALID_SIGNATURE = "InvalidSignatureException";
    public static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";

    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private AuthErrors() {
    }

    static SsmException missingAuthenticationToken() {
        return new SsmException(MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
    }

    static SsmException incomplete(String message) {
        return new SsmException(INCOMPLETE_SIGNATURE, message);
    }

    static SsmException invalidSignature(String message) {
        return new SsmException(INVALID_SIGNATURE, message);
    }

    static SsmException signatureMismatch() {
        return invalidSignature(SIGNATURE_MISMATCH);
    }

    static SsmException unrecognizedClient() {
        return new SsmException(UNRECOGNIZED_CLIENT, INVALID_TOKEN);
    }
}
