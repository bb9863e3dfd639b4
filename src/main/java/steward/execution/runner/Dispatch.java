package steward.execution.runner;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import steward.association.AlarmConfiguration;
import steward.association.AlarmStateInformation;
import steward.node.CommandResult;
import steward.node.ManagedNode;
import steward.node.NodeCommand;
import steward.node.NodeCommands;
import steward.tenant.Tenant;

/**
 * The one dispatch path of Run Command and association runs: sends each target's command under
 * MaxConcurrency, stops sending once MaxErrors is exceeded or an alarm fires or a deadline
 * passes, cancels on request, and ends targets whose node never started the command by its
 * delivery deadline ({@code DeliveryTimedOut}) or never reported within its execution timeout
 * ({@code ExecutionTimedOut}), so nothing waits forever. What each change means for the record
 * is the {@link Ledger}'s business: it is called under the owner's lock, in order, and never
 * after {@link #close}.
 *
 * <p>Errors are counted as AWS counts them for MaxErrors: Failed and ExecutionTimedOut count;
 * DeliveryTimedOut, Undeliverable, InvalidPlatform and Cancelled do not, nor does a target whose
 * result was lost with the server that ran it ({@link NodeCommands#LOST}).
 *
 * <p>Time-outs are read on the server's clock (a manual clock in tests moves them), polled
 * every {@value #POLL_MILLIS} ms while the dispatch waits.
 */
public final class Dispatch {
    static final long POLL_MILLIS = 200;
    /** Targets being handed to their nodes at once (the node implementation's own work, not the commands' runs). */
    static final int HAND_OVERS_AT_ONCE = 64;
    /**
     * A hand-over whose store write failed (a store that refused it outright, or on PostgreSQL a
     * write that lost its races every time) is tried again this many times, backing off, before
     * the target ends Failed: such a failure left nothing behind, and a busy moment passes.
     */
    static final int HAND_OVER_ATTEMPTS = 6;
    private static final long FIRST_RETRY_MILLIS = 100;
    /** A node that started a command gets this long past its executionTimeout to report before the runner gives up. */
    static final Duration REPORT_GRACE = Duration.ofMinutes(5);
    /** How long a node has to confirm a cancel before the runner records it Cancelled anyway. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(30);

    public static final CommandResult DELIVERY_TIMED_OUT = CommandResult.withoutOutput("TimedOut", "DeliveryTimedOut");
    public static final CommandResult CANCELLED = CommandResult.withoutOutput("Cancelled", "Cancelled");

    /** One node and the command it is sent. */
    public record Target(ManagedNode node, NodeCommand command) {
        public String instanceId() {
            return node.instanceId();
        }
    }

    /** What the owner records; every call is made holding the owner's lock. */
    public interface Ledger {
        /** The command is about to be handed to the node. */
        void sent(Target target, Instant at);

        /** The node started the command. */
        void started(Target target, Instant at);

        /** A cancel was asked for a target already sent. */
        void cancelling(Target target, Instant at);

        /** The target's final result: the node's, or the runner's own verdict. */
        void ended(Target target, CommandResult result, Instant at);
    }

    /** Why sending stopped early. */
    public enum Cause { MAX_ERRORS, ALARM, DEADLINE, CANCELLED, ABANDONED }

    /**
     * @param abandonInFlight whether targets already sent are left to the owner (which ends
     *                        them) rather than awaited
     */
    public record Stop(Cause cause, String detail, List<AlarmStateInformation> triggeredAlarms, boolean abandonInFlight) {
    }

    /** The controls of one dispatch; {@code deadline} (null: none) stops sending, as an association's Duration does. */
    public record Controls(Tenant tenant, String maxConcurrency, String maxErrors, AlarmConfiguration alarms,
                           Instant deadline) {
    }

    private enum State { PENDING, SENT, STARTED, CANCELLING, ENDED }

    private static final class Slot {
        final Target target;
        State state = State.PENDING;
        /** An adopted slot that found no free permit: it gives none back when it ends. */
        boolean withoutPermit;
        Instant startedAt;
        Instant cancelAskedAt;

        Slot(Target target) {
            this.target = target;
        }
    }

    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final Controls controls;
    private final RateControls rates;
    private final NodeCommands commands;
    private final AlarmGate alarms;
    private final InstantSource clock;
    private final Ledger ledger;
    private final ReentrantLock lock;
    private final Condition changed;
    private final Semaphore permits;
    private final Semaphore handOvers = new Semaphore(HAND_OVERS_AT_ONCE);
    private int errors;
    private Stop stop;
    private boolean closed;
    private volatile java.util.function.BooleanSupplier leaseHeld = () -> true;
    private volatile long lastSweepNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);

    public Dispatch(List<Target> targets, Controls controls, NodeCommands commands, AlarmGate alarms,
                    InstantSource clock, Ledger ledger, ReentrantLock lock) {
        for (Target target : targets) {
            slots.put(target.instanceId(), new Slot(target));
        }
        this.controls = controls;
        this.rates = RateControls.resolve(controls.maxConcurrency(), controls.maxErrors(), targets.size());
        this.commands = commands;
        this.alarms = alarms;
        this.clock = clock;
        this.ledger = ledger;
        this.lock = lock;
        this.changed = lock.newCondition();
        this.permits = new Semaphore(rates.maxConcurrency());
    }

    /** Sends nothing while {@code held} is false (this server may have lost its lease), and waits for it. */
    public Dispatch guardedBy(java.util.function.BooleanSupplier held) {
        this.leaseHeld = held;
        return this;
    }

    /**
     * Another server took the dispatch over: stops at once, calling neither the ledger nor the
     * nodes again (what was sent is the other server's now; cancelling it would undo its work).
     */
    public void relinquish() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public RateControls rates() {
        return rates;
    }

    /**
     * Sends every target (until stopped) and waits for the ones sent, unless the stop abandons
     * them. Returns why sending stopped early, or empty when every target was sent and ended.
     */
    public Optional<Stop> run() throws InterruptedException {
        for (Slot slot : List.copyOf(slots.values())) {
            if (poll()) {
                break;
            }
            boolean acquired;
            while (!(acquired = permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS))) {
                if (poll()) {
                    break;
                }
            }
            if (!acquired) {
                break;
            }
            if (!awaitLease()) {
                permits.release();
                break;
            }
            send(slot);
        }
        awaitInFlight();
        lock.lock();
        try {
            return Optional.ofNullable(stop);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Before a result is recorded: waits (on the completing thread, a virtual one) while this
     * server is not sure of its lease; false once the dispatch was given up to another server.
     */
    private boolean leaseHeldOrWait() {
        while (!leaseHeld.getAsBoolean()) {
            lock.lock();
            try {
                if (closed) {
                    return false;
                }
            } finally {
                lock.unlock();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Waits until this server certainly holds its lease; false if the dispatch stopped meanwhile. */
    private boolean awaitLease() throws InterruptedException {
        while (!leaseHeld.getAsBoolean()) {
            if (poll()) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** Hands the slot's command to its node, holding a permit (given back if nothing is sent). */
    private void send(Slot slot) {
        lock.lock();
        try {
            if (closed || stop != null || slot.state != State.PENDING) {
                permits.release();
                return;
            }
            if (rates.budgetExceeded(errors)) {
                stop = new Stop(Cause.MAX_ERRORS, "more than " + rates.maxErrors() + " targets failed (MaxErrors)",
                        null, false);
                permits.release();
                changed.signalAll();
                return;
            }
            slot.state = State.SENT;
            ledger.sent(slot.target, clock.instant());
        } finally {
            lock.unlock();
        }
        if (rates.maxConcurrency() == 1) {
            handOver(slot);
            return;
        }
        // Up to HAND_OVERS_AT_ONCE on virtual threads, so their store writes (an agent's queued
        // message) overlap and commit together rather than one sync after another.
        handOvers.acquireUninterruptibly();
        Thread.startVirtualThread(() -> {
            try {
                handOver(slot);
            } finally {
                handOvers.release();
            }
        });
    }

    private void handOver(Slot slot) {
        // Checked again here, since a hand-over may wait its turn: a dispatch given up to another
        // server meanwhile, or closed, sends nothing more (a new owner sends what has no message yet).
        if (!leaseHeldOrWait()) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                // Closed while this hand-over waited its turn: its owner ended the target already.
                return;
            }
        } finally {
            lock.unlock();
        }
        CompletableFuture<CommandResult> sent = handOnce(slot);
        long backoff = FIRST_RETRY_MILLIS;
        for (int attempt = 1; attempt < HAND_OVER_ATTEMPTS && storeFailed(sent); attempt++) {
            try {
                Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff *= 2;
            if (!leaseHeldOrWait() || !stillToSend(slot)) {
                return;
            }
            sent = handOnce(slot);
        }
        await(slot, sent);
    }

    /**
     * Whether a hand-over waiting to be tried again should still go: not once the dispatch closed
     * or the target ended meanwhile (a delivery time-out); a target cancelled meanwhile, which its
     * node never got, ends Cancelled here instead of being sent.
     */
    private boolean stillToSend(Slot slot) {
        boolean cancelled;
        lock.lock();
        try {
            if (closed || slot.state == State.ENDED) {
                return false;
            }
            cancelled = slot.state == State.CANCELLING;
        } finally {
            lock.unlock();
        }
        if (cancelled) {
            end(slot, CANCELLED, false);
            return false;
        }
        return true;
    }

    private CompletableFuture<CommandResult> handOnce(Slot slot) {
        try {
            return commands.send(slot.target.node(), slot.target.command(), at -> started(slot, at));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether the hand-over failed at once on the store's write, so it may be tried again. */
    private static boolean storeFailed(CompletableFuture<CommandResult> sent) {
        if (!sent.isCompletedExceptionally()) {
            return false;
        }
        try {
            sent.join();
            return false;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() instanceof steward.storage.StorageException;
        }
    }


    private void await(Slot slot, java.util.concurrent.CompletableFuture<CommandResult> future) {
        future.whenComplete((result, failure) -> {
            if (failure instanceof java.util.concurrent.CancellationException) {
                // The node implementation closed under the command (the server is stopping): it did
                // not fail on its node, so it stays in flight and the next start finishes it.
                return;
            }
            end(slot, result != null ? result
                    : CommandResult.withoutOutput("Failed", "Failed: " + failureName(failure)), false);
        });
    }

    /**
     * Before {@link #run}: continues a dispatch another server began and left when it stopped.
     * {@code ended} targets are final already ({@code priorErrors} of them count toward
     * MaxErrors); {@code adopted} ones were sent by the other server and are picked up through
     * {@link NodeCommands#resume}, never sent again; the rest are sent as usual.
     */
    public void resume(Collection<String> ended, int priorErrors, Collection<String> adopted) {
        List<Slot> picked = new ArrayList<>();
        lock.lock();
        try {
            errors += priorErrors;
            for (String id : ended) {
                Slot slot = slots.get(id);
                if (slot != null) {
                    slot.state = State.ENDED;
                }
            }
            for (String id : adopted) {
                Slot slot = slots.get(id);
                if (slot != null && slot.state == State.PENDING) {
                    slot.state = State.SENT;
                    slot.withoutPermit = !permits.tryAcquire();
                    picked.add(slot);
                }
            }
        } finally {
            lock.unlock();
        }
        for (Slot slot : picked) {
            await(slot, commands.resume(slot.target.node(), slot.target.command(), at -> started(slot, at)));
        }
    }

    private static String failureName(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause == null ? "unknown" : cause.getClass().getSimpleName();
    }

    private void started(Slot slot, Instant at) {
        if (!leaseHeldOrWait()) {
            return;
        }
        lock.lock();
        try {
            if (!closed && slot.state == State.SENT) {
                slot.state = State.STARTED;
                slot.startedAt = at;
                ledger.started(slot.target, at);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records the target's end once; a result after the end (a late report) is ignored. */
    private void end(Slot slot, CommandResult result, boolean runnerVerdict) {
        if (!leaseHeldOrWait()) {
            return;
        }
        boolean wasSent;
        lock.lock();
        try {
            if (closed || slot.state == State.ENDED) {
                return;
            }
            wasSent = slot.state != State.PENDING;
            if (wasSent && !slot.withoutPermit) {
                permits.release();
            }
            slot.state = State.ENDED;
            if (countsAsError(result)) {
                errors++;
            }
            ledger.ended(slot.target, result, clock.instant());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (runnerVerdict && wasSent) {
            commands.cancel(slot.target.node(), slot.target.command().commandId());
        }
    }

    public static boolean countsAsError(CommandResult result) {
        if (result == NodeCommands.LOST) {
            return false; // Steward's own loss (its server stopped), not the node's failure.
        }
        return "Failed".equals(result.status()) && !"Undeliverable".equals(result.statusDetails())
                && !"InvalidPlatform".equals(result.statusDetails())
                || "ExecutionTimedOut".equals(result.statusDetails());
    }

    /**
     * Cancels these targets (all of them when {@code instanceIds} is null): unsent ones end
     * Cancelled at once and are never sent; sent ones are asked to stop and end when the node
     * confirms (or after {@link #CANCEL_GRACE}).
     */
    public void cancel(Collection<String> instanceIds) {
        List<Slot> asked = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            for (Slot slot : slots.values()) {
                if (instanceIds != null && !instanceIds.contains(slot.target.instanceId())) {
                    continue;
                }
                switch (slot.state) {
                    case PENDING -> {
                        slot.state = State.ENDED;
                        ledger.ended(slot.target, CANCELLED, now);
                    }
                    case SENT, STARTED -> {
                        slot.state = State.CANCELLING;
                        slot.cancelAskedAt = now;
                        ledger.cancelling(slot.target, now);
                        asked.add(slot);
                    }
                    default -> {
                    }
                }
            }
            if (instanceIds == null && stop == null) {
                stop = new Stop(Cause.CANCELLED, "cancelled", null, false);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Slot slot : asked) {
            commands.cancel(slot.target.node(), slot.target.command().commandId());
        }
    }

    /** Stops sending and stops waiting: the owner ends what is left (a newer run, a deletion, the server stopping). */
    public void abandon(Stop reason) {
        lock.lock();
        try {
            if (stop == null || !stop.abandonInFlight()) {
                stop = reason;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the dispatch: no ledger call follows. Returns the targets never sent and those sent
     * but not ended, for the owner to end; asks the nodes of the latter to stop.
     */
    public Leftovers close() {
        List<Target> unsent = new ArrayList<>();
        List<Target> inFlight = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return new Leftovers(List.of(), List.of());
            }
            closed = true;
            for (Slot slot : slots.values()) {
                if (slot.state == State.PENDING) {
                    unsent.add(slot.target);
                } else if (slot.state != State.ENDED) {
                    inFlight.add(slot.target);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Target target : inFlight) {
            commands.cancel(target.node(), target.command().commandId());
        }
        return new Leftovers(unsent, inFlight);
    }

    /** Targets a closed dispatch left unended. */
    public record Leftovers(List<Target> unsent, List<Target> inFlight) {
    }

    private boolean stopped() {
        lock.lock();
        try {
            return stop != null || closed;
        } finally {
            lock.unlock();
        }
    }

    private void awaitInFlight() throws InterruptedException {
        while (true) {
            lock.lock();
            try {
                if (closed || (stop != null && stop.abandonInFlight()) || inFlight() == 0) {
                    return;
                }
                changed.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } finally {
                lock.unlock();
            }
            poll();
        }
    }

    private int inFlight() {
        int count = 0;
        for (Slot slot : slots.values()) {
            if (slot.state == State.SENT || slot.state == State.STARTED || slot.state == State.CANCELLING) {
                count++;
            }
        }
        return count;
    }

    /** Checks time-outs, the deadline and the alarm; true once sending must stop. */
    private boolean poll() {
        Instant now = clock.instant();
        if (controls.deadline() != null && !now.isBefore(controls.deadline())) {
            abandonIfRunning(new Stop(Cause.DEADLINE, "deadline passed", null, true));
            return true;
        }
        Optional<AlarmGate.Stop> alarm = alarms.check(controls.tenant(), controls.alarms());
        if (alarm.isPresent()) {
            abandonIfRunning(new Stop(Cause.ALARM, alarm.get().detailedStatus(), alarm.get().triggeredAlarms(), true));
            return true;
        }
        sweepTimeouts();
        return stopped();
    }

    private void abandonIfRunning(Stop reason) {
        lock.lock();
        try {
            if (stop == null) {
                stop = reason;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends what timed out. A sweep reads every slot, so it runs at most once per poll interval:
     * sending 10,000 targets must not cost 10,000 sweeps of 10,000 slots.
     */
    private void sweepTimeouts() {
        long nanos = System.nanoTime();
        if (nanos - lastSweepNanos < TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)) {
            return;
        }
        lastSweepNanos = nanos;
        List<Slot> delivery = new ArrayList<>();
        List<Slot> execution = new ArrayList<>();
        List<Slot> cancelled = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            for (Slot slot : slots.values()) {
                NodeCommand command = slot.target.command();
                boolean undelivered = slot.state == State.SENT || slot.state == State.PENDING;
                if (undelivered && command.deliverBy() != null && !now.isBefore(command.deliverBy())) {
                    delivery.add(slot);
                } else if (slot.state == State.STARTED
                        && !now.isBefore(slot.startedAt.plus(command.executionTimeout()).plus(REPORT_GRACE))) {
                    execution.add(slot);
                } else if (slot.state == State.CANCELLING && !now.isBefore(slot.cancelAskedAt.plus(CANCEL_GRACE))) {
                    cancelled.add(slot);
                }
            }
        } finally {
            lock.unlock();
        }
        delivery.forEach(slot -> end(slot, DELIVERY_TIMED_OUT, true));
        execution.forEach(slot -> end(slot, CommandResult.withoutOutput("TimedOut", "ExecutionTimedOut"), true));
        cancelled.forEach(slot -> end(slot, CANCELLED, false));
    }
}
