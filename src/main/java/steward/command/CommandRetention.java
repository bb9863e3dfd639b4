package steward.command;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.storage.CommandStore;

/**
 * Deletes commands (with their invocations and output) that ended longer ago than the
 * retention, in the background: batches of {@value #BATCH}, each its own short transaction, so
 * pruning a large backlog never holds the store for long. Without a retention nothing is
 * deleted.
 */
public final class CommandRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRetention.class);
    static final int BATCH = 500;
    private static final long PERIOD_SECONDS = 60;

    private final CommandStore store;
    private final Duration retention;
    private final InstantSource clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "command-retention");
        thread.setDaemon(true);
        return thread;
    });

    public CommandRetention(CommandStore store, Duration retention, InstantSource clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    public CommandRetention start() {
        timer.scheduleWithFixedDelay(this::pruneQuietly, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    /** Deletes every command past the retention, a batch at a time; returns how many. */
    public int prune() {
        int total = 0;
        int deleted;
        do {
            deleted = store.prune(clock.instant().minus(retention), BATCH);
            total += deleted;
        } while (deleted == BATCH && !Thread.currentThread().isInterrupted());
        return total;
    }

    private void pruneQuietly() {
        try {
            int deleted = prune();
            if (deleted > 0) {
                LOG.info("deleted {} commands older than {}", deleted, retention);
            }
        } catch (RuntimeException e) {
            LOG.warn("pruning old commands failed; trying again later", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
