package steward.errors;

/**
 * A failure that the client caused or must see, carrying the bare AWS error code
 * (for example {@code AssociationDoesNotExist}). The domain throws it without knowing
 * about HTTP; the protocol layer renders it as an awsJson1_1 error.
 */
public class SsmException extends RuntimeException {
    private final String code;
    private final boolean serverFault;

    public SsmException(String code, String message) {
        this(code, message, false);
    }

    protected SsmException(String code, String message, boolean serverFault) {
        super(message, null, false, false);
        this.code = code;
        this.serverFault = serverFault;
    }

    public static SsmException internal(String message) {
        return new SsmException("InternalServerError", message, true);
    }

    public static SsmException validation(String message) {
        return new SsmException("ValidationException", message);
    }

    public String code() {
        return code;
    }

    /** True only for InternalServerError; every other code is the client's (HTTP 400). */
    public boolean serverFault() {
        return serverFault;
    }
}
