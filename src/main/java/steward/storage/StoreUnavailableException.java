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

    /** The first line of the innermost cause's message (its class name when it has none): what a start-up line shows. */
    public static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst()
                .orElse("").trim();
    }

    /**
     * Migrates with {@code flyway}, refusing a store a newer Steward has migrated: Flyway ignores
     * migrations it does not know by default, and such a store may hold data this version would
     * misread (or write wrongly beside that newer Steward). {@code store} names it in the message.
     */
    public static void migrateUnlessNewer(org.flywaydb.core.Flyway flyway, String store) {
        for (org.flywaydb.core.api.MigrationInfo applied : flyway.info().applied()) {
            if (applied.getState() == org.flywaydb.core.api.MigrationState.FUTURE_SUCCESS
                    || applied.getState() == org.flywaydb.core.api.MigrationState.FUTURE_FAILED) {
                throw new StoreUnavailableException(store + " has schema version " + applied.getVersion()
                        + ", newer than this Steward knows; run the newer Steward that wrote it, or restore a backup "
                        + "taken before it", true, null);
            }
        }
        flyway.migrate();
    }

    /** The store was written by a newer Steward: its schema has migrations this version does not have. */
    public boolean schemaTooNew() {
        return schemaTooNew;
    }
}
