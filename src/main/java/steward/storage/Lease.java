package steward.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;

/**
 * This server's hold on the runs and commands it starts, in a store several servers share: its
 * id (random per process, so a restarted server is a new owner) and how long a lease lasts
 * unrenewed. Leases are read on the wall clock, never on a manual clock a test moves: a test
 * moving one server's clock must not make another server's runs look abandoned.
 *
 * <p>Why these times: the owner renews every {@link #RENEW_EVERY}, so a lease is renewed about
 * four times before it can run out; a dead server's runs are taken over between
 * {@link #TERM} and {@code TERM + SWEEP_EVERY} after its last renewal. A server stalled longer
 * than the term (a very long GC pause, a disk that stops) loses its runs to another.
 */
public record Lease(String owner, Duration term, InstantSource clock) {
    public static final Duration TERM = Duration.ofSeconds(8);
    public static final Duration RENEW_EVERY = Duration.ofSeconds(2);
    public static final Duration SWEEP_EVERY = Duration.ofSeconds(2);
    /** Stamps nothing: rows count as unowned (tests of a store alone). */
    public static final Lease NONE = new Lease(null, Duration.ZERO, InstantSource.system());

    /** A new owner id for this process. */
    public static Lease forThisServer() {
        return new Lease("server-" + UUID.randomUUID(), TERM, InstantSource.system());
    }

    public Instant now() {
        return clock.instant();
    }

    /** When a lease taken or renewed now runs out; null without an owner. */
    public Long untilMillis() {
        return owner == null ? null : clock.instant().plus(term).toEpochMilli();
    }
}
