package steward.node.agent.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.errors.SsmException;
import steward.node.CommandResult;
import steward.node.ManagedNode;
import steward.node.NodeCommand;
import steward.node.NodeCommands;
import steward.protocol.Json;
import steward.tenant.Tenant;

/**
 * Commands to real agents, over ec2messages. {@link #send} queues the agent's {@code sendCommand}
 * message, whose id is {@code aws.ssm.<commandId>.<instanceId>}; the agent's replies
 * ({@link #reply}) build the invocation, and its terminal one completes the command.
 *
 * <p>Association runs use this path too, one message per target with the target's
 * OutputSourceId as command id (the runner's {@link NodeCommand#commandId}), rather than the
 * agent's own association processing (ListInstanceAssociations and its scheduler). Why: the
 * runner then applies MaxConcurrency, MaxErrors, alarms and Duration exactly as it does for
 * simulated nodes, each target's output is recorded under its OutputSourceId, and a run exists
 * only when Steward starts it, so the agent cannot run one twice or on its own schedule.
 * ListInstanceAssociations accordingly lists nothing, which keeps the agent's scheduler idle.
 *
 * <p>Time-outs are the runner's (see {@link NodeCommands}): it ends a command nobody picked up by
 * its delivery deadline, or one picked up and never finished, and calls {@link #cancel}, which
 * withdraws a message no agent has taken, so an agent that comes back later does not run it.
 * A node that is not an agent's, or leaves, gets Failed / Undeliverable.
 *
 * <p>Several servers share one store: the agent may poll, acknowledge and reply through any of
 * them. Whatever reaches a server is written to the store at once; the server waiting for the
 * result (the one whose run sent the command) completes its future in-process when the reply
 * reaches it, and otherwise finds the reply within {@link #REMOTE_CHECK} by reading the
 * invocations it waits on. {@link #resume} adopts a message another server queued.
 */
public final class AgentNodeCommands implements NodeCommands, AutoCloseable {
    /** Stored with each invocation (the runner applies the request's own delivery timeout). */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofHours(1);
    public static final Duration EXECUTION_GRACE = Duration.ofMinutes(5);
    /** How often the invocations this server waits on are read for replies another server recorded. */
    static final Duration REMOTE_CHECK = Duration.ofSeconds(1);
    public static final CommandResult UNDELIVERABLE = new CommandResult("Failed", "Undeliverable");
    static final Set<String> TERMINAL = Set.of("Success", "Failed", "TimedOut", "Cancelled", "Skipped");
    private static final Logger LOG = LoggerFactory.getLogger(AgentNodeCommands.class);

    /** Whether a node is an agent's (registered with an activation), so messages can reach it. */
    @FunctionalInterface
    public interface AgentNodes {
        boolean isAgent(Tenant tenant, String instanceId);
    }

    private final MessageQueue queue;
    private final MessageStore store;
    private final AgentNodes agents;
    private final InstantSource clock;
    private final Map<String, CompletableFuture<CommandResult>> pending = new ConcurrentHashMap<>();
    private final Map<String, Progress> starts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService remote = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "agent-replies-elsewhere");
        thread.setDaemon(true);
        return thread;
    });

    public AgentNodeCommands(MessageQueue queue, MessageStore store, AgentNodes agents, InstantSource clock) {
        this.queue = queue;
        this.store = store;
        this.agents = agents;
        this.clock = clock;
        long every = REMOTE_CHECK.toMillis();
        remote.scheduleWithFixedDelay(this::checkElsewhere, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * {@code progress} hears when the agent picks the command up (its first reply or
     * acknowledgement), so the runner counts the execution timeout from then, not the delivery one.
     */
    @Override
    public CompletableFuture<CommandResult> send(ManagedNode node, NodeCommand command, Progress progress) {
        try {
            if (!agents.isAgent(node.tenant(), node.instanceId()) || command.commandId().contains(".")) {
                return CompletableFuture.completedFuture(UNDELIVERABLE);
            }
            ObjectNode content = content(command);
            ObjectNode payload = SendCommandPayload.build(command.commandId(), command.documentName(), content,
                    command.parameters());
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String messageId = AgentMessage.messageId(command.commandId(), node.instanceId());
            CompletableFuture<CommandResult> future = new CompletableFuture<>();
            pending.put(messageId, future);
            starts.put(messageId, progress);
            AgentMessage message = new AgentMessage(messageId, node.tenant(), node.instanceId(), command.commandId(),
                    AgentMessage.topic(AgentMessage.SEND_COMMAND_TOPIC, node.tenant()), Json.MAPPER.writeValueAsString(payload), now,
                    AgentMessage.State.Queued);
            ObjectNode plugins = JsonNodeFactory.instance.objectNode();
            plugins.put("_executionTimeoutSeconds", SendCommandPayload.executionTimeoutSeconds(content, command.parameters()));
            try {
                queue.enqueue(message, new AgentInvocation(messageId, node.tenant(), node.instanceId(),
                        command.commandId(), "Pending", "Pending", plugins, now, now.plus(DELIVERY_TIMEOUT), null, null));
            } catch (RuntimeException e) {
                pending.remove(messageId, future);
                starts.remove(messageId, progress);
                boolean queued;
                try {
                    queued = store.find(messageId).isPresent();
                } catch (RuntimeException lookup) {
                    e.addSuppressed(lookup);
                    queued = false;
                }
                if (queued) {
                    // The write failed as it committed (a connection lost): the message is queued after all.
                    return resume(node, command, progress);
                }
                // Not queued: nothing waits on it (the runner may send it again).
                throw e;
            }
            return future;
        } catch (SsmException e) {
            LOG.warn("command {} for {} not sent: {}", command.commandId(), node.instanceId(), e.getMessage());
            return CompletableFuture.completedFuture(new CommandResult("Failed", "Failed"));
        } catch (JsonProcessingException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The document version the command was resolved to, as the JSON object the agent parses. */
    private static ObjectNode content(NodeCommand command) throws JsonProcessingException {
        String json = command.documentContent();
        JsonNode content = json == null ? null : Json.MAPPER.readTree(json);
        if (!(content instanceof ObjectNode object)) {
            throw new SsmException("InvalidDocument", "Document " + command.documentName() + " is not a JSON object.");
        }
        return object;
    }

    /**
     * Adopts a command another server sent before it stopped: the future completes with the
     * agent's result whenever it reports (at once if it already has), and {@code progress} hears
     * the pickup (at once if it happened). A command that has no message was never queued, so it
     * is sent now: the agent cannot have it.
     */
    @Override
    public CompletableFuture<CommandResult> resume(ManagedNode node, NodeCommand command, Progress progress) {
        String messageId = AgentMessage.messageId(command.commandId(), node.instanceId());
        Optional<AgentInvocation> found;
        try {
            found = store.invocation(messageId);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (found.isEmpty()) {
            return send(node, command, progress);
        }
        AgentInvocation invocation = found.get();
        if (invocation.finished()) {
            return CompletableFuture.completedFuture(resultOf(invocation));
        }
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        pending.put(messageId, future);
        if (invocation.executionDeadline() != null) {
            Thread.startVirtualThread(() -> progress.started(invocation.updatedAt()));
        } else {
            starts.put(messageId, progress);
        }
        // A reply that landed between the read and the registration is found by the next check.
        return future;
    }

    /** A finished invocation as the runner's result: the agent's report, or the verdict that ended it. */
    private static CommandResult resultOf(AgentInvocation invocation) {
        CommandResult reported = AgentResults.of(invocation.status(), invocation.plugins());
        return new CommandResult(invocation.status(), invocation.detailedStatus(), reported.responseCode(),
                reported.standardOutput(), reported.standardError(), reported.plugins(), reported.startedAt(),
                reported.endedAt());
    }

    /**
     * Completes what this server waits on and another server recorded: a reply, a FailMessage or
     * a deregistration that reached it, and the agent's pickup (so the execution timeout applies).
     */
    private void checkElsewhere() {
        try {
            // Thousands may be waited on: their state first, the whole report only of those that ended.
            List<String> ended = new java.util.ArrayList<>();
            for (MessageStore.Progress progress : store.progress(List.copyOf(pending.keySet()))) {
                if (progress.finished()) {
                    ended.add(progress.messageId());
                } else if (progress.pickedUp()) {
                    Progress started = starts.remove(progress.messageId());
                    if (started != null) {
                        Thread.startVirtualThread(() -> started.started(progress.updatedAt()));
                    }
                }
            }
            for (AgentInvocation invocation : store.invocations(ended)) {
                starts.remove(invocation.messageId());
                CompletableFuture<CommandResult> future = pending.remove(invocation.messageId());
                if (future != null) {
                    // Off this thread: the runner writes the result to the store as it completes.
                    Thread.startVirtualThread(() -> future.complete(resultOf(invocation)));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("reading agents' replies recorded by other servers failed: {}", e.toString());
        }
    }

    /** Queues the agent's cancelCommand for a command sent to {@code node}; false if there is nothing to cancel. */
    @Override
    public void cancel(ManagedNode node, String commandId) {
        cancelCommand(node, commandId);
    }

    /** As {@link #cancel}; false if there is nothing to cancel. */
    public boolean cancelCommand(ManagedNode node, String commandId) {
        String target = AgentMessage.messageId(commandId, node.instanceId());
        Optional<AgentInvocation> invocation = store.invocation(target);
        if (invocation.isEmpty() || invocation.get().finished()) {
            return false;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (store.withdraw(target, now)) {
            // No agent has it yet: it is never delivered, and ends Cancelled at once.
            finish(node.instanceId(), target, null, new CommandResult("Cancelled", "Cancelled"), now);
            return true;
        }
        String cancelId = AgentMessage.messageId(UUID.randomUUID().toString(), node.instanceId());
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("CancelMessageId", target);
        queue.enqueue(new AgentMessage(cancelId, node.tenant(), node.instanceId(), commandId,
                AgentMessage.topic(AgentMessage.CANCEL_COMMAND_TOPIC, node.tenant()), payload.toString(), clock.instant().truncatedTo(ChronoUnit.MILLIS),
                AgentMessage.State.Queued), null);
        return true;
    }

    /** The message, if it exists and is addressed to {@code instanceId}; else InvalidMessageIdException. */
    public AgentMessage owned(String instanceId, String messageId) {
        return store.find(messageId).filter(m -> m.instanceId().equals(instanceId))
                .orElseThrow(() -> unknown(messageId));
    }

    private static SsmException unknown(String messageId) {
        return new SsmException("InvalidMessageIdException", "Message " + messageId + " does not exist for this destination.");
    }

    /** AcknowledgeMessage: the agent took the message; its invocation is picked up, in one write. */
    public void acknowledge(String instanceId, String messageId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        MessageStore.Recorded recorded = store.record(instanceId, messageId, null, now, (message, unfinished) ->
                new MessageStore.Update(AgentMessage.State.Acknowledged,
                        unfinished == null || unfinished.executionDeadline() != null ? null : pickedUp(unfinished, now)));
        if (recorded == null) {
            throw unknown(messageId);
        }
        heard(recorded, now);
    }

    /** FailMessage: the agent could not handle the message; its command fails. */
    public void fail(String instanceId, String messageId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (finish(instanceId, messageId, AgentMessage.State.Failed, new CommandResult("Failed", "Failed"), now) == null) {
            throw unknown(messageId);
        }
    }

    public void delete(String instanceId, String messageId) {
        if (store.record(instanceId, messageId, null, clock.instant(),
                (message, unfinished) -> new MessageStore.Update(AgentMessage.State.Deleted, null)) == null) {
            throw unknown(messageId);
        }
    }

    /**
     * SendReply: folds one reply into the invocation, in one write. A ReplyId seen before is
     * ignored (the agent resends failed replies); a reply to a finished invocation changes nothing,
     * so a late InProgress never overwrites a terminal status; the plugin entries of every reply
     * are kept, because the final reply of a multi-step document carries none.
     */
    public void reply(String instanceId, String messageId, String replyId, String payloadText) {
        JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(payloadText);
        } catch (JsonProcessingException e) {
            owned(instanceId, messageId);
            throw new SsmException("ValidationException", "Payload is not JSON: " + e.getOriginalMessage());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        MessageStore.Recorded recorded = store.record(instanceId, messageId, replyId, now,
                (message, unfinished) -> folded(message, unfinished, payload, now));
        if (recorded == null) {
            throw unknown(messageId);
        }
        if (recorded.firstReply()) {
            heard(recorded, now);
        }
    }

    /** A reply folded into the unfinished invocation: its plugins, its status, and its end when terminal. */
    private static MessageStore.Update folded(AgentMessage message, AgentInvocation unfinished, JsonNode payload,
            Instant now) {
        if (unfinished == null || !message.topic().startsWith(AgentMessage.SEND_COMMAND_TOPIC) || payload == null
                || !payload.isObject()) {
            return MessageStore.Update.NONE;
        }
        AgentInvocation invocation = pickedUp(unfinished, now);
        ObjectNode plugins = invocation.plugins().deepCopy();
        JsonNode runtime = payload.get("runtimeStatus");
        if (runtime != null && runtime.isObject()) {
            runtime.properties().forEach(e -> plugins.set(e.getKey(), e.getValue()));
        }
        String status = payload.path("documentStatus").asText("InProgress");
        if (!TERMINAL.contains(status)) {
            return new MessageStore.Update(null, new AgentInvocation(message.messageId(), invocation.tenant(),
                    invocation.instanceId(), invocation.commandId(), status, status, plugins, now,
                    invocation.deliveryDeadline(), invocation.executionDeadline(), null));
        }
        CommandResult result = AgentResults.of(status, plugins);
        return new MessageStore.Update(AgentMessage.State.Completed, new AgentInvocation(message.messageId(),
                invocation.tenant(), invocation.instanceId(), invocation.commandId(), result.status(),
                result.statusDetails(), plugins, now, invocation.deliveryDeadline(), invocation.executionDeadline(), now));
    }

    /**
     * After an agent's call is recorded: the runner hears of the pickup (so the execution timeout
     * counts from it), and of the result when the invocation ended.
     */
    private void heard(MessageStore.Recorded recorded, Instant now) {
        AgentInvocation after = recorded.after();
        if (after == null) {
            return;
        }
        String messageId = after.messageId();
        if (after.finished()) {
            if (recorded.before() != null && !recorded.before().finished()) {
                starts.remove(messageId);
                CompletableFuture<CommandResult> future = pending.remove(messageId);
                if (future != null) {
                    future.complete(resultOf(after));
                }
            }
            return;
        }
        if (after.executionDeadline() != null) {
            Progress progress = starts.remove(messageId);
            if (progress != null) {
                // Off this thread: the runner records the start under its own lock and store write.
                Thread.startVirtualThread(() -> progress.started(now));
            }
        }
    }

    /** What the agent has reported for a command on a node, if it was sent. */
    public Optional<AgentInvocation> invocation(String commandId, String instanceId) {
        return store.invocation(AgentMessage.messageId(commandId, instanceId));
    }

    /** A node left (deregistered): its unfinished commands end Undeliverable and its queue is dropped. */
    public void nodeLeft(String instanceId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (AgentMessage message : store.dropPending(instanceId)) {
            finish(instanceId, message.messageId(), null, UNDELIVERABLE, now);
        }
    }

    /** The invocation as the agent has taken it: InProgress, its execution deadline counted from now. */
    private static AgentInvocation pickedUp(AgentInvocation i, Instant now) {
        if (i.executionDeadline() != null) {
            return i;
        }
        long timeout = i.plugins().path("_executionTimeoutSeconds").asLong(3600);
        return new AgentInvocation(i.messageId(), i.tenant(), i.instanceId(), i.commandId(), "InProgress", "InProgress",
                i.plugins(), now, i.deliveryDeadline(), now.plusSeconds(timeout).plus(EXECUTION_GRACE), null);
    }

    /**
     * Ends the invocation with Steward's verdict unless it ended already (a message without one,
     * a cancelCommand's, only moves to {@code state}); through {@link MessageStore#record}, so an
     * agent's reply arriving at that moment on another server is ordered with it, never
     * overwritten. Null when the message is unknown or not {@code instanceId}'s.
     */
    private MessageStore.Recorded finish(String instanceId, String messageId, AgentMessage.State state,
            CommandResult result, Instant now) {
        MessageStore.Recorded recorded = store.record(instanceId, messageId, null, now, (message, i) ->
                new MessageStore.Update(state, i == null ? null : new AgentInvocation(i.messageId(), i.tenant(),
                        i.instanceId(), i.commandId(), result.status(), result.statusDetails(), i.plugins(), now,
                        i.deliveryDeadline(), i.executionDeadline(), now)));
        if (recorded == null) {
            return null;
        }
        starts.remove(messageId);
        CompletableFuture<CommandResult> future = pending.remove(messageId);
        if (future != null) {
            future.complete(result);
        }
        return recorded;
    }

    /** Stops the checks; commands still waiting are cancelled, so no caller waits forever. */
    @Override
    public void close() {
        remote.shutdownNow();
        pending.values().forEach(f -> f.cancel(false));
    }
}
