package steward.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Transactions over the store. {@link #write} commits before it returns, so a write the
 * server acknowledges is durable; implementations decide how writers are serialized.
 */
public interface Database extends AutoCloseable {
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T read(Work<T> work);

    /**
     * Runs {@code work} in one transaction as if no other write ran beside it. The work may run
     * more than once (PostgresDatabase reruns it when it loses a race with another server), so it
     * must act only through the connection: no listeners, caches or counters until it returns.
     */
    <T> T write(Work<T> work);

    /** Whether the store answers a trivial query now; for readiness checks, never throws. */
    default boolean reachable() {
        try {
            return read(connection -> connection.isValid(2));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether this process was the only server using the store when it opened it (so what is in
     * flight in it was left by servers that are gone); false where that cannot be known.
     */
    default boolean soleUser() {
        return false;
    }

    /** The bytes the store takes on disk, or -1 where that is not known. */
    default long sizeBytes() {
        return -1;
    }

    @Override
    void close();
}
