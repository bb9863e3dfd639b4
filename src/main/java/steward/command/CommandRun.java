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
 * One command in flight: hands its invocations to the shared {@link Dispatch} and writes each
 * change (invocation and command counts together) before the next one, so ListCommands never
 * claims more than happened. Invocations stay Pending until their node starts the command.
 */
final class CommandRun {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRun.class);

    /** What a command run needs from the rest of the server. */
    record Services(CommandStore store, NodeCommands commands, AlarmGate alarms, InstantSource clock,
                    java.util.function.BooleanSupplier shuttingDown, java.util.function.BooleanSupplier leaseHeld) {
    }

    private final Command command;
    private final Map<String, Invocation> invocations = new LinkedHashMap<>();
    private final Services services;
    private final ReentrantLock lock = new ReentrantLock();
    private final Dispatch dispatch;
    private boolean anySent;
    private boolean cancelRequested;
    private boolean finished;

    CommandRun(Command command, List<Invocation> invocations, List<Dispatch.Target> targets, Services services) {
        this.command = command;
        this.services = services;
        invocations.forEach(i -> this.invocations.put(i.instanceId(), i));
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
                services.store().updateCommand(command.commandId(), state(), null);
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

    /** Writes one invocation's change with the command's new state; null writes the command alone. */
    private void write(Invocation changed) {
        if (changed != null) {
            invocations.put(changed.instanceId(), changed);
            services.store().updateInvocation(changed, state());
        } else {
            services.store().updateCommand(command.commandId(), state(), null);
        }
    }

    private CommandState state() {
        return CommandOutcome.running(invocations.values(), anySent, cancelRequested);
    }

    private void finish(Dispatch.Stop stop) {
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
            List<Invocation> ended = new java.util.ArrayList<>();
            for (Dispatch.Target target : left.unsent()) {
                ended.add(endWithout(target.instanceId(), CommandStatus.CANCELLED, unsentDetails, now));
            }
            for (Dispatch.Target target : left.inFlight()) {
                ended.add(endWithout(target.instanceId(), CommandStatus.CANCELLED, CommandStatus.CANCELLED, now));
            }
            CommandDefinition d = command.definition();
            CommandState state = CommandOutcome.finished(invocations.values(),
                    CommandOutcome.maxErrors(d.maxErrors(), invocations.size()), cancelRequested,
                    d.targets() != null && !d.targets().isEmpty(), alarm ? CommandStatus.FAILED : null, now);
            services.store().finish(command.commandId(), ended, state, alarm ? stop.triggeredAlarms() : null);
        } finally {
            lock.unlock();
        }
    }

    private Invocation endWithout(String instanceId, String status, String details, Instant at) {
        Invocation current = invocations.get(instanceId);
        Invocation ended = current.ended(status, details, -1, current.startedAt(), at, current.standardOutput(),
                current.standardError(), InvocationResults.pluginsEnded(current, status, details, at));
        invocations.put(instanceId, ended);
        return ended;
    }
}
