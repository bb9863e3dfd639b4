package steward.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The server's clock as the control API sees it: the time, and on a manual clock the moves
 * that fire every due time they pass before they return.
 */
public final class ClockControl {
    public record Move(Instant time, int fired) {
    }

    private final InstantSource clock;
    private final ManualClock manual;
    private final Scheduler scheduler;

    public ClockControl(InstantSource clock, Scheduler scheduler) {
        this.clock = clock;
        this.manual = clock instanceof ManualClock m ? m : null;
        this.scheduler = scheduler;
    }

    public boolean manual() {
        return manual != null;
    }

    public Instant now() {
        return clock.instant();
    }

    /** @throws IllegalStateException on the system clock; IllegalArgumentException for a move backwards */
    public Move advance(Duration by) {
        requireManual();
        if (by.isNegative()) {
            throw new IllegalArgumentException("AdvanceSeconds must not be negative: the clock never moves backwards");
        }
        return moveTo(manual.instant().plus(by));
    }

    public Move setTime(Instant target) {
        requireManual();
        return moveTo(target);
    }

    private Move moveTo(Instant target) {
        int fired = scheduler.advance(manual, target);
        return new Move(manual.instant(), fired);
    }

    private void requireManual() {
        if (manual == null) {
            throw new IllegalStateException("The server runs on the system clock; start it with --clock manual to move time.");
        }
    }
}
