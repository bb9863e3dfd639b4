package steward.storage;

/** The store failed for a reason that is not the client's; it surfaces as InternalServerError. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
