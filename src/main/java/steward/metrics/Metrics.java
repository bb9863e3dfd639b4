package steward.metrics;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * What the server tells its operators' metrics, as aggregates only: never an id, an account or
 * a name that users choose. Every method has a no-op default, so {@link #NONE} is a safe value
 * wherever no metrics are wanted (unit tests, benchmarks), and an implementation overrides what
 * it records. Statuses are AWS's closed sets of status words.
 *
 * <p>{@code Steward.start} makes the one {@link MicrometerMetrics} of a server; a feature that
 * reports takes a {@code Metrics} in its constructor there (and {@code Metrics.NONE} in tests that
 * build it alone). A new kind of measurement is a new default method here, recorded by
 * MicrometerMetrics.
 */
public interface Metrics {
    /** Records nothing. */
    Metrics NONE = new Metrics() {
    };

    /** One answered request: its operation (or route), HTTP status, AWS error code (null on success) and latency. */
    default void requestCompleted(String operation, int httpStatus, String errorCode, Duration latency) {
    }

    /** An association's run reached its final status (Success, Failed, TimedOut, Cancelled). */
    default void runFinished(String status) {
    }

    /** One target of a run reached its final status. */
    default void runTargetFinished(String status) {
    }

    /** A Run Command command reached its final status (Success, Failed, TimedOut, Cancelled, ...). */
    default void commandFinished(String status) {
    }

    /** A schedule fired a due time this long after it was due. */
    default void scheduleFired(Duration lag) {
    }

    /** How many agents are online now; read each time the metrics are scraped. */
    default void agentsOnline(IntSupplier count) {
    }

    /** How many agents' long polls (GetMessages waiting for a message) are open now; read at each scrape. */
    default void longPollsOpen(IntSupplier count) {
    }
}
