package steward.auth;

/** The server cannot start with the credentials it was given: an unreadable or invalid file, or an unsafe choice. */
public final class CredentialsException extends IllegalArgumentException {
    public CredentialsException(String message) {
        super(message);
    }

    public CredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
