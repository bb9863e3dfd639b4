package steward.storage.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import steward.storage.Database;
import steward.storage.StorageException;

/**
 * SQLite's one writer, shared: a writer thread takes the write transactions queued while it
 * was committing the last ones and runs them together in one transaction, each inside its own
 * savepoint, committed with one sync to disk. With {@code synchronous=FULL} a commit costs a
 * sync (about a millisecond here), and a fleet's agents write thousands of small transactions
 * a second; alone, each would wait for its own sync, and the server would do little else.
 *
 * <p>What a caller sees does not change: {@link #write} returns only after the transaction that
 * holds its work has committed, so an acknowledged write is durable; works run one at a time in
 * arrival order, each seeing what the earlier ones wrote, as if serialized; a work that throws
 * is rolled back to its savepoint alone and its exception is rethrown to its caller, while the
 * others commit. Only a failed commit fails every work of its batch, none of which has answered.
 *
 * <p>Why a thread of its own: callers are mostly virtual threads, and SQLite's native calls
 * (the sync above all) would pin the carrier of whichever caller ran them; and callers that took
 * turns on a lock to find their work already done by another formed a convoy of thousands of
 * wake-ups. Callers now wait on their own work alone.
 */
final class GroupCommit implements AutoCloseable {
    /** Works per transaction at most, so one transaction stays short. */
    static final int MAX_BATCH = 512;

    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    private static final class Job<T> {
        final Database.Work<T> work;
        final CountDownLatch done = new CountDownLatch(1);
        T result;
        RuntimeException failure;

        Job(Database.Work<T> work) {
            this.work = work;
        }
    }

    private static final Job<Void> STOP = new Job<>(c -> null);

    private final Connections connections;
    private final LinkedBlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    private volatile long commits;

    GroupCommit(Connections connections, String threadName) {
        this.connections = connections;
        this.writer = Thread.ofPlatform().daemon().name(threadName).start(this::writeLoop);
    }

    <T> T write(Database.Work<T> work) {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("a write inside a write: it would wait for its own commit");
        }
        Job<T> job = new Job<>(work);
        queue.add(job);
        if (closed && queue.remove(job)) {
            throw new StorageException("write failed: the store is closed", null);
        }
        boolean interrupted = false;
        while (true) {
            try {
                job.done.await();
                break;
            } catch (InterruptedException e) {
                // The work may be committing right now: its caller learns how it ended.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (job.failure != null) {
            throw job.failure;
        }
        return job.result;
    }

    private void writeLoop() {
        List<Job<?>> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                runBatch(batch);
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    /** Runs the batch's works in one transaction and tells each caller how its work ended. */
    private void runBatch(List<Job<?>> batch) {
        boolean committed = false;
        Throwable whole = null;
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
        } catch (Error e) {
            whole = e;
        } finally {
            for (Job<?> job : batch) {
                if (!committed && job.failure == null) {
                    // Nothing of the transaction is kept: its works fail with what failed it.
                    job.failure = whole instanceof RuntimeException runtime ? runtime
                            : new StorageException("write failed", whole);
                }
                job.done.countDown();
            }
        }
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

    /** Works waiting for a transaction. */
    int queued() {
        return queue.size();
    }

    /** Transactions committed so far. */
    long commits() {
        return commits;
    }

    /** Commits what was queued before, then stops; a write after this fails. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            writer.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Job<?> left; (left = queue.poll()) != null; ) {
            left.failure = new StorageException("write failed: the store is closed", null);
            left.done.countDown();
        }
    }
}
