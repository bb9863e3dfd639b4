package steward.storage.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import steward.storage.Database;
import steward.storage.StorageException;

/**
 * SQLite's one writer, shared: write transactions that arrive while another is committing are
 * run together in the next transaction, each inside its own savepoint, and committed with one
 * sync to disk. With {@code synchronous=FULL} a commit costs a sync (about a millisecond here),
 * and a fleet's agents write thousands of small transactions a second; alone, each would wait
 * for its own sync, and the server would do little else.
 *
 * <p>What a caller sees does not change: {@link #write} returns only after the transaction that
 * holds its work has committed, so an acknowledged write is durable; works run one at a time in
 * arrival order, each seeing what the earlier ones wrote, as if serialized; a work that throws
 * is rolled back to its savepoint alone and its exception is rethrown to its caller, while the
 * others commit. Only a failed commit fails every work of its batch, none of which has answered.
 *
 * <p>There is no writer thread: a caller that takes the lock while its work is still queued
 * runs the queue (its own work included) as the batch, and the callers whose works it ran find
 * them done when they get the lock in turn.
 */
final class GroupCommit {
    /** Works per transaction at most, so one batch does not hold the lock for long. */
    static final int MAX_BATCH = 512;

    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    private static final class Job<T> {
        final Database.Work<T> work;
        boolean done;
        T result;
        RuntimeException failure;

        Job(Database.Work<T> work) {
            this.work = work;
        }
    }

    private final Connections connections;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Job<?>> queue = new ConcurrentLinkedQueue<>();
    private volatile long commits;

    GroupCommit(Connections connections) {
        this.connections = connections;
    }

    <T> T write(Database.Work<T> work) {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a write inside a write: it would wait for its own commit");
        }
        Job<T> job = new Job<>(work);
        queue.add(job);
        lock.lock();
        try {
            while (!job.done) {
                runBatch();
            }
        } finally {
            lock.unlock();
        }
        if (job.failure != null) {
            throw job.failure;
        }
        return job.result;
    }

    /** Runs up to {@link #MAX_BATCH} queued works in one transaction; called with the lock held. */
    private void runBatch() {
        List<Job<?>> batch = new ArrayList<>();
        for (Job<?> next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        boolean committed = false;
        Exception whole = null;
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            try {
                if (batch.size() == 1) {
                    run(batch.get(0), connection);
                } else {
                    for (Job<?> job : batch) {
                        runInSavepoint(job, connection);
                    }
                }
                connection.commit();
                committed = true;
                commits++;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                whole = e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            whole = whole == null ? e : whole;
        } finally {
            for (Job<?> job : batch) {
                if (!committed && job.failure == null) {
                    // Nothing of the transaction is kept: its works fail with what failed it.
                    job.failure = whole instanceof RuntimeException runtime ? runtime
                            : new StorageException("write failed", whole);
                }
                job.done = true;
            }
        }
    }

    /** Works waiting for a transaction. */
    int queued() {
        return queue.size();
    }

    /** Transactions committed so far. */
    long commits() {
        return commits;
    }

    private static <T> void run(Job<T> job, Connection connection) throws SQLException {
        job.result = job.work.run(connection);
    }

    /** Runs one work of a shared transaction; if it throws, it alone is undone and its caller gets the exception. */
    private static <T> void runInSavepoint(Job<T> job, Connection connection) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            job.result = job.work.run(connection);
        } catch (SQLException | RuntimeException e) {
            connection.rollback(savepoint);
            job.failure = e instanceof SQLException sql ? new StorageException("write failed", sql) : (RuntimeException) e;
        }
        connection.releaseSavepoint(savepoint);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the transaction is gone with it.
        }
    }
}
