package steward.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.execution.runner.AssociationRunner;
import steward.execution.runner.AssociationRunner.ScheduledRun;
import steward.storage.AssociationStore;

/**
 * Fires associations' schedules. Each association's next due time is in the store; firing
 * one stores its run and moves the due time on in one transaction, and the store refuses a
 * second run for the same due time, so several server processes sharing a store each poll
 * and no due time ever fires twice. Due times missed while no server ran fire once, late,
 * and the schedule continues from the present.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final int BATCH = 500;
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * On a manual clock, how long (real time) a move waits at each due time for the runs it
     * fired to finish, so that each run ends before the next due time fires instead of being
     * timed out by it. Slow simulated nodes are not waited for beyond this.
     */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final AssociationStore associations;
    private final AssociationRunner runner;
    private final InstantSource clock;
    private final Thread poller;
    private volatile boolean closed;

    private Scheduler(AssociationStore associations, AssociationRunner runner, InstantSource clock, boolean poll) {
        this.associations = associations;
        this.runner = runner;
        this.clock = clock;
        this.poller = poll ? Thread.ofPlatform().daemon().name("steward-scheduler").unstarted(this::pollLoop) : null;
    }

    /** On the system clock: a thread polls the store and fires what is due. */
    public static Scheduler polling(AssociationStore associations, AssociationRunner runner, InstantSource clock) {
        Scheduler scheduler = new Scheduler(associations, runner, clock, true);
        scheduler.poller.start();
        return scheduler;
    }

    /** On a manual clock: due times fire when {@link #advance} moves the clock past them. */
    public static Scheduler manual(AssociationStore associations, AssociationRunner runner, ManualClock clock) {
        Scheduler scheduler = new Scheduler(associations, runner, clock, false);
        scheduler.fireDue(clock.instant());
        return scheduler;
    }

    /**
     * Moves a manual clock to {@code target}, stopping at every due time on the way and firing
     * it there, in order, so each run's CreatedTime is its due time.
     */
    public synchronized int advance(ManualClock manual, Instant target) {
        if (target.isBefore(manual.instant())) {
            throw new IllegalArgumentException("the clock never moves backwards: it is " + manual.instant()
                    + ", not " + target);
        }
        int fired = 0;
        while (true) {
            Optional<Instant> earliest = associations.earliestDue();
            if (earliest.isEmpty() || earliest.get().isAfter(target)) {
                break;
            }
            if (earliest.get().isAfter(manual.instant())) {
                manual.moveTo(earliest.get());
            }
            fired += fireDue(manual.instant());
            runner.awaitIdle(SETTLE);
        }
        manual.moveTo(target);
        return fired;
    }

    /** Fires every association due at or before {@code now}; returns how many runs this process created. */
    public synchronized int fireDue(Instant now) {
        int fired = 0;
        List<AssociationRunner.ScheduledBatch> batches = new ArrayList<>();
        List<Association> due;
        do {
            due = associations.due(now, BATCH);
            List<ScheduledRun> runs = new ArrayList<>();
            for (Association association : due) {
                runs.add(new ScheduledRun(association, association.nextDueDate(), nextAfter(association, now)));
            }
            if (!runs.isEmpty()) {
                AssociationRunner.ScheduledBatch batch = runner.recordScheduled(runs);
                fired += batch.created().size();
                batches.add(batch);
            }
        } while (due.size() == BATCH);
        // Every due run is on record before any is dispatched, so a burst's last batch does not
        // wait behind the writes of the runs its first batches started.
        batches.forEach(batch -> batch.dispatch().run());
        return fired;
    }

    /** The first due time strictly after {@code now}: missed ones collapse into the run firing now. */
    private static Instant nextAfter(Association association, Instant now) {
        AssociationDefinition d = association.definition();
        try {
            return AssociationSchedule.validate(d.scheduleExpression(), d.applyOnlyAtCronInterval(), d.scheduleOffset())
                    .nextDueAfter(association.lastUpdateDate(), now).orElse(null);
        } catch (RuntimeException unparseable) {
            LOG.warn("association {} has a schedule that no longer parses; it will not fire again",
                    association.associationId(), unparseable);
            return null;
        }
    }

    private void pollLoop() {
        while (!closed) {
            try {
                fireDue(clock.instant());
                Instant wake = clock.instant().plus(POLL);
                Optional<Instant> earliest = associations.earliestDue();
                if (earliest.isPresent() && earliest.get().isBefore(wake)) {
                    wake = earliest.get();
                }
                long millis = Duration.between(clock.instant(), wake).toMillis();
                if (millis > 0) {
                    Thread.sleep(millis);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("firing schedules failed; retrying", e);
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (poller != null) {
            poller.interrupt();
            try {
                poller.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
