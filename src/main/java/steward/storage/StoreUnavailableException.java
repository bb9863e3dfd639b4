package steward.storage;

/**
 * The store cannot be opened at start: the database is unreachable or unreadable, or its
 * schema is newer than this version of Steward knows. The message names the store and says
 * what to do.
 */
public final class StoreUnavailableException extends RuntimeException {
    private final boolean schemaTooNew;

    public StoreUnavailableException(String message, boolean schemaTooNew, Throwable cause) {
        super(message, cause);
        this.schemaTooNew = schemaTooNew;
    }

    /** The store was written by a newer Steward: its schema has migrations this version does not have. */
    public boolean schemaTooNew() {
        return schemaTooNew;
    }
}
