package steward.server;

/**
 * The server cannot start, for a reason the person starting it can fix: {@code steward serve}
 * prints the message as one line and exits with the code. The codes are documented in the README.
 */
public final class StartupFailure extends RuntimeException {
    /** A flag, environment variable or config file is wrong. */
    public static final int SETTINGS = 2;
    /** The credentials file is unreadable or invalid, or the credentials would be unsafe. */
    public static final int CREDENTIALS = 3;
    /** The address and port cannot be listened on (in use, or not this machine's). */
    public static final int LISTEN = 4;
    /** The data directory cannot be made or written. */
    public static final int DATA_DIR = 5;
    /** The store cannot be opened or read. */
    public static final int STORE = 6;
    /** The store's schema is newer than this version knows. */
    public static final int SCHEMA_TOO_NEW = 7;

    private final int exitCode;

    public StartupFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
