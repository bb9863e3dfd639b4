package steward.command;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.execution.runner.AlarmGate;
import steward.execution.runner.Dispatch;
import steward.node.CommandResult;
import steward.node.NodeCommands;
import steward.storage.CommandStore;

/**
 * One command in flight: hands its invocations to the shared {@link Dispatch} and writes its
 * changes (invocations and the command's counts together) in the order they happened, so
 * ListCommands never claims more than happened. Invocations stay Pending until their node
 * starts the command.
 *
 * <p>The changes are written behind the dispatch, not under its lock: a change is queued, and
 * one writer at a time writes everything queued so far in one transaction, with the command's
 * state as of the last of them. Written one by one under the lock, a 10,000-node command waited
 * for 20,000 commits in a row (each a sync to disk) while every reply queued behind them. Only
 * progress waits; the command's end ({@link #finish}) writes after everything queued before it.
 */
final class CommandRun {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRun.class);

    /** What a command run needs from the rest of the server. */
    record Services(CommandStore store, NodeCommands commands, AlarmGate alarms, InstantSource clock,
                    java.util.function.BooleanSupplier shuttingDown, java.util.function.BooleanSupplier leaseHeld) {
    }

    private final Command command;
    private final Map<String, Invocation> invocations = new LinkedHashMap<>();
    /** The counts of {@link #invocations}, kept with every change to it (guarded by {@link #lock}). */
    private final CommandOutcome.Tally tally = new CommandOutcome.Tally();
    private final Services services;
    private final ReentrantLock lock = new ReentrantLock();
    private final Dispatch dispatch;
    /** Taken before {@link #lock}: one writer of queued changes at a time, in order. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Changes not yet written, by instance id, the latest of each (guarded by {@link #lock}). */
    private final Map<String, Invocation> unwritten = new LinkedHashMap<>();
    private boolean commandChanged;
    private boolean writerQueued;
    private boolean anySent;
    private boolean cancelRequested;
    private boolean finished;

    CommandRun(Command command, List<Invocation> invocations, List<Dispatch.Target> targets, Services services) {
        this.command = command;
        this.services = services;
        invocations.forEach(i -> put(i));
        CommandDefinition d = command.definition();
        this.dispatch = new Dispatch(targets, new Dispatch.Controls(command.tenant(), d.maxConcurrency(),
                d.maxErrors() == null ? "0" : d.maxErrors(), d.alarmConfiguration(), null), services.commands(),
                services.alarms(), services.clock(), new Ledger(), lock).guardedBy(services.leaseHeld());
    }

    Command command() {
        return command;
    }

    /**
     * Before {@link #run}, for a command taken over from a server that stopped: invocations that
     * ended stay as they are; those the other server handed to a node are adopted, never sent
     * again ({@code sentBefore} says which Pending ones may have been: an agent's, whose message
     * tells); the rest are sent as usual. A CancelCommand the other server was carrying out goes on.
     */
    void resume(java.util.function.Predicate<Invocation> sentBefore) {
        List<String> ended = new java.util.ArrayList<>();
        List<String> adopted = new java.util.ArrayList<>();
        List<String> cancelling = new java.util.ArrayList<>();
        int errors = 0;
        lock.lock();
        try {
            for (Invocation i : invocations.values()) {
                if (CommandStatus.isFinal(i.status())) {
                    ended.add(i.instanceId());
                    if (Dispatch.countsAsError(CommandResult.withoutOutput(i.status(), i.statusDetails()))) {
                        errors++;
                    }
                } else if (!CommandStatus.PENDING.equals(i.status()) || sentBefore.test(i)) {
                    adopted.add(i.instanceId());
                    anySent = true;
                    if (CommandStatus.CANCELLING.equals(i.status())) {
                        cancelling.add(i.instanceId());
                    }
                }
            }
            cancelRequested = CommandStatus.CANCELLING.equals(command.state().status());
        } finally {
            lock.unlock();
        }
        dispatch.resume(ended, errors, adopted);
        if (cancelRequested) {
            dispatch.cancel(null);
        } else if (!cancelling.isEmpty()) {
            dispatch.cancel(cancelling);
        }
    }

    void run() {
        try {
            Optional<Dispatch.Stop> stop = dispatch.run();
            finish(stop.orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (services.shuttingDown().getAsBoolean()) {
                LOG.debug("command {} left in flight by the shutdown", command.commandId(), e);
                return;
            }
            LOG.error("command {} failed", command.commandId(), e);
            finish(new Dispatch.Stop(Dispatch.Cause.ABANDONED, "Failed", null, true));
        }
    }

    /** Another server took the command over (this one stalled past its lease): stops here without another write. */
    void relinquish() {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            dispatch.relinquish();
        } finally {
            lock.unlock();
        }
        LOG.warn("command {} was taken over by another server while this one stalled; left to it", command.commandId());
    }

    /** CancelCommand: every invocation when {@code instanceIds} is null, else those. */
    void cancel(Collection<String> instanceIds) {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            if (instanceIds == null) {
                cancelRequested = true;
                write(null);
            }
        } finally {
            lock.unlock();
        }
        dispatch.cancel(instanceIds);
    }

    private final class Ledger implements Dispatch.Ledger {
        @Override
        public void sent(Dispatch.Target target, Instant at) {
            if (!anySent) {
                anySent = true;
                write(null);
            }
        }

        @Override
        public void started(Dispatch.Target target, Instant at) {
            Invocation current = invocations.get(target.instanceId());
            write(current.ended(CommandStatus.IN_PROGRESS, CommandStatus.IN_PROGRESS, -1, at, null, "", "",
                    InvocationResults.pluginsIn(current, CommandStatus.IN_PROGRESS)));
        }

        @Override
        public void cancelling(Dispatch.Target target, Instant at) {
            write(invocations.get(target.instanceId()).with(CommandStatus.CANCELLING, CommandStatus.CANCELLING));
        }

        @Override
        public void ended(Dispatch.Target target, CommandResult result, Instant at) {
            write(InvocationResults.ended(invocations.get(target.instanceId()), result, at));
        }
    }

    /** Queues one invocation's change (null: the command's state alone) for the writer; called holding {@link #lock}. */
    private void write(Invocation changed) {
        if (changed != null) {
            put(changed);
            unwritten.put(changed.instanceId(), changed);
        } else {
            commandChanged = true;
        }
        if (!writerQueued && !finished) {
            writerQueued = true;
            Thread.startVirtualThread(this::writeQueued);
        }
    }

    /** Writes every change queued so far, with the command's state as of the last, in one transaction. */
    private void writeQueued() {
        writing.lock();
        List<Invocation> batch = List.of();
        try {
            CommandState state;
            lock.lock();
            try {
                writerQueued = false;
                if (finished || unwritten.isEmpty() && !commandChanged) {
                    return;
                }
                batch = List.copyOf(unwritten.values());
                unwritten.clear();
                commandChanged = false;
                state = state();
            } finally {
                lock.unlock();
            }
            if (batch.isEmpty()) {
                services.store().updateCommand(command.commandId(), state, null);
            } else {
                services.store().updateInvocations(batch, command.commandId(), state);
            }
        } catch (RuntimeException e) {
            LOG.warn("command {}: writing its progress failed; the next write or its end writes it", command.commandId(), e);
            lock.lock();
            try {
                for (Invocation failed : batch) {
                    unwritten.putIfAbsent(failed.instanceId(), failed);
                }
                commandChanged = true;
            } finally {
                lock.unlock();
            }
        } finally {
            writing.unlock();
        }
    }

    private CommandState state() {
        return CommandOutcome.running(tally, invocations.size(), anySent, cancelRequested);
    }

    private void put(Invocation changed) {
        tally.replace(invocations.put(changed.instanceId(), changed), changed);
    }

    private void finish(Dispatch.Stop stop) {
        // After any write of queued changes under way, so the end is the last thing written.
        writing.lock();
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            Dispatch.Leftovers left = dispatch.close();
            Instant now = services.clock().instant();
            boolean alarm = stop != null && stop.cause() == Dispatch.Cause.ALARM;
            String unsentDetails = stop != null && stop.cause() == Dispatch.Cause.MAX_ERRORS
                    ? CommandStatus.TERMINATED : CommandStatus.CANCELLED;
            // What the writer has not written yet goes with the end, in its transaction.
            Map<String, Invocation> ended = new LinkedHashMap<>(unwritten);
            unwritten.clear();
            for (Dispatch.Target target : left.unsent()) {
                ended.put(target.instanceId(), endWithout(target.instanceId(), CommandStatus.CANCELLED, unsentDetails, now));
            }
            for (Dispatch.Target target : left.inFlight()) {
                ended.put(target.instanceId(), endWithout(target.instanceId(), CommandStatus.CANCELLED,
                        CommandStatus.CANCELLED, now));
            }
            CommandDefinition d = command.definition();
            CommandState state = CommandOutcome.finished(invocations.values(),
                    CommandOutcome.maxErrors(d.maxErrors(), invocations.size()), cancelRequested,
                    d.targets() != null && !d.targets().isEmpty(), alarm ? CommandStatus.FAILED : null, now);
            services.store().finish(command.commandId(), List.copyOf(ended.values()), state,
                    alarm ? stop.triggeredAlarms() : null);
        } finally {
            lock.unlock();
            writing.unlock();
        }
    }

    private Invocation endWithout(String instanceId, String status, String details, Instant at) {
        Invocation current = invocations.get(instanceId);
        Invocation ended = current.ended(status, details, -1, current.startedAt(), at, current.standardOutput(),
                current.standardError(), InvocationResults.pluginsEnded(current, status, details, at));
        put(ended);
        return ended;
    }
}
