package steward.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import steward.storage.Database;
import steward.storage.StorageException;
import steward.storage.StoreUnavailableException;

/**
 * The shared store: one PostgreSQL database that any number of Steward servers use at once.
 *
 * <p>Why SERIALIZABLE with retries: the stores were written against {@code SqliteDatabase},
 * where every write transaction runs alone, and they rely on it: a write reads and then writes
 * (the next version number, a quota count, a dedup check, a counter) inside one {@link #write}.
 * Here writers run on several connections in several processes, so each write transaction runs
 * at SERIALIZABLE: PostgreSQL then guarantees the outcome equals some serial order, or fails
 * one of the racing transactions with SQLState 40001 (or 40P01 on a deadlock). Such a failure
 * means nothing of that transaction was kept, so the whole {@link Work} runs again, after a
 * short jittered back-off, up to {@value #ATTEMPTS} times (see {@link #retryable} for unique
 * violations). The hazard: a Work must not act
 * outside its connection (no notifications, no in-memory state, no counters) before it
 * returns, or a retry repeats the act; the stores' writes keep to that.
 *
 * <p>Writers in this process also queue on a fair lock, as in SqliteDatabase, so they never
 * conflict with each other: only writers on other servers can make a transaction fail and rerun.
 * Without it, writers of one busy tenant (every create reads the tenant's count for the quota)
 * abort each other over and over, and under load some run out of attempts and answer 500; with
 * it a server's writes behave as they do on SQLite, and servers still write in parallel.
 *
 * <p>The agents' hot path is the exception ({@link #writeCommitted}): a poll claiming its
 * messages, an acknowledgement or reply folded into its invocation, a message queued, and an
 * activation's registration count. Those run at READ COMMITTED, outside the queue, and lock the
 * rows they change ({@code FOR UPDATE}, {@code SKIP LOCKED} for the claim), so thousands of
 * agents on three servers wait briefly on their own rows instead of failing serialization
 * against each other: at SERIALIZABLE, the claim and the count were rerun hundreds of times a
 * minute, and under load some ran out of attempts and failed their invocations.
 */
public final class PostgresDatabase implements Database {
    static final int ATTEMPTS = 20;
    private static final int UNIQUE_VIOLATION_ATTEMPTS = 4;
    private static final long FIRST_BACKOFF_MICROS = 2_000;
    private static final long MAX_BACKOFF_MICROS = 500_000;

    private final HikariDataSource dataSource;
    private final PostgresUrl url;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ServerPresence presence;

    /**
     * Connects to the database, and brings its schema up to date.
     *
     * @throws StoreUnavailableException when the database cannot be reached or logged into, is not
     *                                   PostgreSQL, or its schema is newer than this version knows
     */
    public PostgresDatabase(PostgresUrl url) {
        this.url = url;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.addDataSourceProperty("connectTimeout", "10");
        config.addDataSourceProperty("loginTimeout", "10");
        config.addDataSourceProperty("ApplicationName", "steward");
        // A batch of inserts (a run's targets, a command's invocations) goes as one statement.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        config.setPoolName("steward-postgresql");
        try {
            this.dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        try {
            requirePostgres();
            migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e instanceof StoreUnavailableException ? e : unavailable(e);
        }
        this.presence = ServerPresence.announce(url);
    }

    @Override
    public boolean soleUser() {
        return presence.sole();
    }

    private void requirePostgres() {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equalsIgnoreCase(product)) {
                throw new StoreUnavailableException("the database at " + url.display() + " is " + product
                        + ", not PostgreSQL", false, null);
            }
        } catch (SQLException e) {
            throw unavailable(new RuntimeException(e));
        }
    }

    private void migrate() {
        Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/postgresql").load();
        StoreUnavailableException.migrateUnlessNewer(flyway, "the database " + url.display());
    }

    private StoreUnavailableException unavailable(RuntimeException e) {
        String reason = StoreUnavailableException.reason(e);
        return new StoreUnavailableException("cannot open the PostgreSQL database " + url.display() + " (" + reason
                + "); check that the server runs and is reachable, that the database exists, and the user name and "
                + "password in --database", false, e);
    }

    @Override
    public long sizeBytes() {
        try {
            return read(c -> {
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT pg_database_size(current_database())")) {
                    return r.next() ? r.getLong(1) : -1L;
                }
            });
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("read failed", e);
        }
    }

    @Override
    public <T> T write(Work<T> work) {
        return write(work, true);
    }

    /**
     * At READ COMMITTED and outside the write queue: the work locks what it changes, so it waits
     * for a racing writer instead of failing, and this server's writes of this kind go in parallel
     * over the pool. A deadlock (40P01) is still rerun.
     */
    @Override
    public <T> T writeCommitted(Work<T> work) {
        return write(work, false);
    }

    @Override
    public String forUpdate(boolean skipLocked) {
        return skipLocked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
    }

    private <T> T write(Work<T> work, boolean serializable) {
        long backoff = FIRST_BACKOFF_MICROS;
        for (int attempt = 1; ; attempt++) {
            if (serializable) {
                writeLock.lock();
            }
            try {
                return writeOnce(work, serializable);
            } catch (SQLException | RuntimeException e) {
                if (attempt >= ATTEMPTS || !retryable(e) || uniqueViolation(e) && attempt >= UNIQUE_VIOLATION_ATTEMPTS) {
                    throw e instanceof RuntimeException runtime ? runtime : new StorageException("write failed", e);
                }
            } finally {
                if (serializable) {
                    writeLock.unlock();
                }
            }
            try {
                TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("write interrupted while retrying a serialization failure", null);
            }
            backoff = Math.min(MAX_BACKOFF_MICROS, backoff * 2);
        }
    }

    private <T> T writeOnce(Work<T> work, boolean serializable) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(serializable ? Connection.TRANSACTION_SERIALIZABLE
                    : Connection.TRANSACTION_READ_COMMITTED);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException lost) {
                    e.addSuppressed(lost);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * A serialization failure or deadlock, or a unique violation, anywhere in the cause chain: the
     * transaction left nothing behind. PostgreSQL reports a race on a unique key as 40001 only when
     * the transaction read that very key first; a Work that checked something else (the head row
     * whose latest version it then appends) gets 23505 instead. Rerun, it sees the winner's row
     * and takes the path the check gives. A Work that inserts a duplicate outright fails the same
     * way every time, so those are rerun only a few times before the error surfaces.
     */
    static boolean retryable(Throwable e) {
        String state = sqlState(e);
        return "40001".equals(state) || "40P01".equals(state) || "23505".equals(state);
    }

    private static boolean uniqueViolation(Throwable e) {
        return "23505".equals(sqlState(e));
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    @Override
    public void close() {
        dataSource.close();
        presence.close();
    }
}
