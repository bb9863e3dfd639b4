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
 *
 * <p>It also tells whether this server may still act on its leases ({@link #held}): only until
 * {@link Lease#TERM} minus one renewal interval after the last renewal began that succeeded.
 * A server that stalled (a long pause, a store it could not reach) stops sending targets until
 * a renewal succeeds again; by then another server may have taken its runs over, which the
 * renewal finds out, and the runs are given up here without another write
 * ({@link Holder#renew}), so no target is sent by two servers.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    /** Something that holds leases in the store. */
    public interface Holder {
        /**
         * Extends this server's leases, gives up here what another server took over meanwhile,
         * and acts on what other servers asked of what it holds.
         */
        void renew();

        /** Takes over what ran out; returns how many it took. */
        int takeOverExpired();

        /** Ends this server's leases at once (a graceful stop), so another server needs not wait them out. */
        void release();
    }

    private volatile List<Holder> holders = List.of();
    private volatile long heldUntilNanos = System.nanoTime() + validity();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "leases");
        thread.setDaemon(true);
        return thread;
    });

    private static long validity() {
        return Lease.TERM.minus(Lease.RENEW_EVERY).toNanos();
    }

    /** Whether this server's leases are certainly still its own, so it may send what they cover. */
    public boolean held() {
        return System.nanoTime() - heldUntilNanos < 0;
    }

    public LeaseKeeper start(List<Holder> holders) {
        this.holders = List.copyOf(holders);
        long renew = Lease.RENEW_EVERY.toMillis();
        long sweep = Lease.SWEEP_EVERY.toMillis();
        timer.scheduleWithFixedDelay(this::renewAll, renew, renew, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> each("taking over expired leases", Holder::takeOverExpired), sweep / 2,
                sweep, TimeUnit.MILLISECONDS);
        return this;
    }

    private void renewAll() {
        long began = System.nanoTime();
        if (each("renewing leases", Holder::renew)) {
            heldUntilNanos = began + validity();
        }
    }

    /** Returns whether every holder did it. */
    private boolean each(String what, java.util.function.Consumer<Holder> action) {
        boolean all = true;
        for (Holder holder : holders) {
            try {
                action.accept(holder);
            } catch (RuntimeException e) {
                // The store is briefly unreachable, or closing: the next tick tries again.
                LOG.warn("{} failed: {}", what, e.toString());
                all = false;
            }
        }
        return all;
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
