package steward.schedule;

import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/**
 * A clock that stands still where it started and moves only when told, never backwards;
 * {@code serve --clock manual} runs the whole server on it, so tests move time instead of
 * waiting for it. Millisecond precision, like every timestamp on the wire.
 */
public final class ManualClock implements InstantSource {
    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = start.truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** Moves to {@code target}; moving backwards is refused. */
    public synchronized void moveTo(Instant target) {
        Instant truncated = target.truncatedTo(ChronoUnit.MILLIS);
        if (truncated.isBefore(now)) {
            throw new IllegalArgumentException("the clock never moves backwards: it is " + now + ", not " + truncated);
        }
        now = truncated;
    }
}
