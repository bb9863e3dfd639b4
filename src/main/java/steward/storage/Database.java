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

    /**
     * As {@link #write}, for work that stays right when other transactions commit between its
     * statements: inserts, conditional updates whose condition says all, and rows read with
     * {@link #forUpdate} before they are changed. PostgreSQL runs it at READ COMMITTED beside
     * this server's other writes, where racing servers wait on the rows they share instead of
     * failing and rerunning; SQLite runs it as any write. It may still run more than once.
     */
    default <T> T writeCommitted(Work<T> work) {
        return write(work);
    }

    /**
     * The clause that ends a SELECT inside {@link #writeCommitted} to lock the rows it reads until
     * the commit ({@code " FOR UPDATE"}), or, with {@code skipLocked}, to pass over rows another
     * transaction holds; empty where a write runs alone anyway (SQLite).
     */
    default String forUpdate(boolean skipLocked) {
        return "";
    }

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
