package steward.execution.runner;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.storage.Lease;

/**
 * Keeps this server's leases on what it runs, and takes over what dead servers left: every
 * {@link Lease#RENEW_EVERY} each holder renews its leases (one UPDATE each), and every
 * {@link Lease#SWEEP_EVERY} it looks for leases that ran out and takes them over. Association
 * runs and Run Command's commands are the two holders.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    /** Something that holds leases in the store. */
    public interface Holder {
        /** Extends this server's leases; also the moment to act on what other servers asked of them. */
        void renew();

        /** Takes over what ran out; returns how many it took. */
        int takeOverExpired();

        /** Ends this server's leases at once (a graceful stop), so another server needs not wait them out. */
        void release();
    }

    private final List<Holder> holders;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "leases");
        thread.setDaemon(true);
        return thread;
    });

    public LeaseKeeper(List<Holder> holders) {
        this.holders = List.copyOf(holders);
    }

    public LeaseKeeper start() {
        long renew = Lease.RENEW_EVERY.toMillis();
        long sweep = Lease.SWEEP_EVERY.toMillis();
        timer.scheduleWithFixedDelay(() -> each("renewing leases", Holder::renew), renew, renew, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> each("taking over expired leases", Holder::takeOverExpired), sweep / 2,
                sweep, TimeUnit.MILLISECONDS);
        return this;
    }

    private void each(String what, java.util.function.Consumer<Holder> action) {
        for (Holder holder : holders) {
            try {
                action.accept(holder);
            } catch (RuntimeException e) {
                // The store is briefly unreachable, or closing: the next tick tries again.
                LOG.warn("{} failed: {}", what, e.toString());
            }
        }
    }

    /** Stops renewing; with {@code release}, gives the leases up so others take over at once. */
    public void stop(boolean release) {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (release) {
            each("releasing leases", Holder::release);
        }
    }

    @Override
    public void close() {
        stop(false);
    }
}
