package steward.command;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import steward.alarm.AlarmStates;
import steward.document.DocumentVersion;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.execution.runner.AlarmGate;
import steward.execution.runner.Dispatch;
import steward.node.ManagedNode;
import steward.node.NodeCommand;
import steward.node.NodeCommands;
import steward.node.NodeDirectory;
import steward.storage.CommandStore;
import steward.tenant.Tenant;

/**
 * Run Command's domain: SendCommand stores the command and every invocation (Pending) before it
 * answers, so the command_executed waiter finds them at once; the dispatch goes on on a virtual
 * thread, through the same {@link Dispatch} association runs use. CancelCommand reaches the run
 * in this process.
 */
public final class CommandRunner implements steward.execution.runner.LeaseKeeper.Holder, AutoCloseable {
    /** SendCommand's defaults when the request leaves them out, as AWS documents them. */
    static final String DEFAULT_MAX_CONCURRENCY = "50";
    static final String DEFAULT_MAX_ERRORS = "0";
    static final int DEFAULT_TIMEOUT_SECONDS = 3600;

    private final CommandStore store;
    private final NodeDirectory nodes;
    private final CommandDocuments documents;
    private final InstantSource clock;
    private final CommandRun.Services services;
    private final Map<String, CommandRun> running = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile steward.storage.Lease lease = steward.storage.Lease.NONE;
    private volatile java.util.function.BooleanSupplier leaseHeld = () -> true;

    public CommandRunner(CommandStore store, NodeDirectory nodes, NodeCommands commands, AlarmStates alarms,
                         CommandDocuments documents, InstantSource clock) {
        this.store = store;
        this.nodes = nodes;
        this.documents = documents;
        this.clock = clock;
        this.services = new CommandRun.Services(store, commands, new AlarmGate(alarms), clock, threads::isShutdown,
                () -> leaseHeld.getAsBoolean());
    }

    /** Checks the request against the document and the nodes, stores it with its invocations, and starts it. */
    public Command send(Tenant tenant, CommandRequest request) {
        DocumentVersion document = documents.resolve(tenant, request.documentName(), request.documentVersion());
        documents.checkHash(document, request.documentHash(), request.documentHashType());
        documents.checkParameters(document, request.parameters());
        List<ManagedNode> selected = select(tenant, request, document);
        Instant now = clock.instant();
        Duration executionTimeout = CommandDocuments.executionTimeout(document, request.parameters());
        List<String> pluginNames = CommandDocuments.pluginNames(document);
        int timeoutSeconds = request.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : request.timeoutSeconds();
        Instant deliverBy = now.plusSeconds(timeoutSeconds);
        String commandId = UUID.randomUUID().toString();
        CommandDefinition definition = new CommandDefinition(request.comment(), request.parameters(),
                request.instanceIds() == null ? List.of() : request.instanceIds(),
                request.targets() == null ? List.of() : request.targets(), request.outputS3Region(),
                request.outputS3BucketName(), request.outputS3KeyPrefix(),
                request.maxConcurrency() == null ? DEFAULT_MAX_CONCURRENCY : request.maxConcurrency(),
                request.maxErrors() == null ? DEFAULT_MAX_ERRORS : request.maxErrors(), request.serviceRoleArn(),
                request.notificationConfig(), request.cloudWatchOutputConfig(), timeoutSeconds,
                request.alarmConfiguration(), executionTimeout.toSeconds());
        Command command = new Command(tenant, 0, commandId, Command.RUN_COMMAND, null, document.name(),
                document.documentVersion(), now, deliverBy.plus(executionTimeout), CommandState.pending(selected.size()),
                definition, null);
        List<Invocation> invocations = new ArrayList<>();
        List<Dispatch.Target> targets = new ArrayList<>();
        NodeCommand nodeCommand = new NodeCommand(commandId, null, document.name(), request.parameters(), document,
                pluginNames, executionTimeout, deliverBy);
        for (ManagedNode node : selected) {
            Invocation pending = pendingInvocation(tenant, commandId, Command.RUN_COMMAND, node, now, pluginNames);
            if (supports(document, node)) {
                invocations.add(pending);
                targets.add(new Dispatch.Target(node, nodeCommand));
            } else {
                // Only Targets get here (listed InstanceIds were refused): AWS ends these at once.
                invocations.add(pending.ended(CommandStatus.FAILED, CommandStatus.INVALID_PLATFORM, -1, null, now, "",
                        "", InvocationResults.pluginsEnded(pending, CommandStatus.FAILED, CommandStatus.INVALID_PLATFORM,
                                now)));
            }
        }
        Command stored = store.insert(List.of(command), invocations).get(0);
        if (targets.isEmpty()) {
            CommandState state = CommandOutcome.finished(invocations, CommandOutcome.maxErrors(definition.maxErrors(),
                    invocations.size()), false, true, null, now);
            store.updateCommand(commandId, state, null);
            return store.find(tenant, commandId).orElse(stored);
        }
        launch(new CommandRun(stored, invocations, targets, services));
        return stored;
    }

    private void launch(CommandRun run) {
        String commandId = run.command().commandId();
        running.put(commandId, run);
        threads.execute(() -> {
            try {
                run.run();
            } finally {
                running.remove(commandId);
            }
        });
    }

    /** The lease under which the store records this server's commands: this runner renews it and takes over expired ones. */
    public CommandRunner withLease(steward.storage.Lease lease, java.util.function.BooleanSupplier held) {
        this.lease = lease;
        this.leaseHeld = held;
        return this;
    }

    /** Renews this server's leases, and carries out the CancelCommands other servers recorded for its commands. */
    @Override
    public void renew() {
        if (lease.owner() == null) {
            return;
        }
        store.renewLeases(lease.owner(), lease.now().plus(lease.term()));
        if (!running.isEmpty()) {
            // A command here that another server took over (this one stalled past its lease) is given up.
            store.leaseOwners(List.copyOf(running.keySet())).forEach((commandId, owner) -> {
                CommandRun run = running.get(commandId);
                if (run != null && !lease.owner().equals(owner)) {
                    run.relinquish();
                    running.remove(commandId, run);
                }
            });
        }
        List<CommandStore.CancelRequest> requests = store.cancelRequests(lease.owner());
        if (requests.isEmpty()) {
            return;
        }
        Map<String, List<String>> byCommand = new java.util.LinkedHashMap<>();
        java.util.Set<String> whole = new java.util.HashSet<>();
        for (CommandStore.CancelRequest request : requests) {
            if (request.instanceId() == null) {
                whole.add(request.commandId());
            } else {
                byCommand.computeIfAbsent(request.commandId(), id -> new ArrayList<>()).add(request.instanceId());
            }
        }
        for (String commandId : whole) {
            CommandRun run = running.get(commandId);
            if (run != null) {
                run.cancel(null);
            }
        }
        byCommand.forEach((commandId, ids) -> {
            CommandRun run = running.get(commandId);
            if (run != null && !whole.contains(commandId)) {
                run.cancel(ids);
            }
        });
        store.cancelRequestsDone(requests);
    }

    @Override
    public void release() {
        if (lease.owner() != null) {
            store.releaseLeases(lease.owner());
        }
    }

    @Override
    public int takeOverExpired() {
        return takeOver(false);
    }

    /** Takes over every command in flight: only when no other server can be using the store. */
    public int takeOverAll() {
        return takeOver(true);
    }

    private int takeOver(boolean all) {
        if (lease.owner() == null || threads.isShutdown()) {
            return 0;
        }
        int taken = 0;
        Instant now = all ? Instant.ofEpochMilli(Long.MAX_VALUE) : lease.now();
        for (Command command : store.expiredLeases(now, 100)) {
            if (!running.containsKey(command.commandId())
                    && store.takeOver(command.commandId(), lease.owner(), now, lease.now().plus(lease.term()))) {
                resume(command);
                taken++;
            }
        }
        if (taken > 0) {
            org.slf4j.LoggerFactory.getLogger(CommandRunner.class).info("took over {} commands whose server stopped",
                    taken);
        }
        return taken;
    }

    /** Finishes here a command whose server stopped, rebuilding what each node is sent as that server built it. */
    private void resume(Command command) {
        Tenant tenant = command.tenant();
        List<Invocation> invocations = store.invocationsOf(tenant, command.commandId());
        CommandDefinition d = command.definition();
        DocumentVersion document;
        try {
            document = documents.resolve(tenant, command.documentName(), command.documentVersion());
        } catch (SsmException gone) {
            document = null;
        }
        int timeoutSeconds = d.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : d.timeoutSeconds();
        NodeCommand nodeCommand = new NodeCommand(command.commandId(), null, command.documentName(), d.parameters(),
                document, CommandDocuments.pluginNames(document), Duration.ofSeconds(d.executionTimeoutSeconds()),
                command.requestedAt().plusSeconds(timeoutSeconds));
        List<Dispatch.Target> targets = new ArrayList<>();
        Map<String, ManagedNode> found = new java.util.HashMap<>();
        for (Invocation i : invocations) {
            ManagedNode node = CommandStatus.isFinal(i.status()) ? null : nodes.find(tenant, i.instanceId()).orElse(null);
            if (node != null) {
                found.put(i.instanceId(), node);
            }
            targets.add(new Dispatch.Target(node != null ? node : new ManagedNode(tenant, i.instanceId(),
                    i.instanceName(), null, null, null, null, null, null, null, null, null), nodeCommand));
        }
        CommandRun run = new CommandRun(command, invocations, targets, services);
        // A Pending invocation of an agent may have been handed over (its message tells); a simulated
        // node starts what it is sent at once, so a Pending one was never sent.
        run.resume(i -> found.containsKey(i.instanceId()) && !found.get(i.instanceId()).simulated());
        launch(run);
    }

    static Invocation pendingInvocation(Tenant tenant, String commandId, String origin, ManagedNode node, Instant at,
                                        List<String> pluginNames) {
        return new Invocation(tenant, commandId, node.instanceId(), 0, origin, node.computerName(), CommandStatus.PENDING,
                CommandStatus.PENDING, at, -1, null, null, "", "", InvocationResults.pendingPlugins(pluginNames));
    }

    /**
     * The nodes the command goes to. Listed InstanceIds must all be managed nodes of the tenant
     * (InvalidInstanceId names the first that is not) and run a platform the document supports
     * (UnsupportedPlatformType); Targets select as associations do, and may select nothing.
     */
    private List<ManagedNode> select(Tenant tenant, CommandRequest request, DocumentVersion document) {
        if (request.instanceIds() != null && !request.instanceIds().isEmpty()) {
            List<ManagedNode> selected = new ArrayList<>();
            for (String id : new LinkedHashSet<>(request.instanceIds())) {
                ManagedNode node = nodes.find(tenant, id).orElseThrow(() -> new SsmException(
                        ErrorCodes.INVALID_INSTANCE_ID, "Instance Id " + id + " is not a managed node of this account "
                                + "and Region, or is not registered."));
                if (!supports(document, node)) {
                    throw new SsmException(ErrorCodes.UNSUPPORTED_PLATFORM_TYPE, "Document " + document.name()
                            + " does not support the platform type of " + id + " (" + node.platformType() + ").");
                }
                selected.add(node);
            }
            return selected;
        }
        return nodes.select(tenant, request.targets(), null);
    }

    private static boolean supports(DocumentVersion document, ManagedNode node) {
        List<String> platforms = CommandDocuments.platformTypes(document);
        return platforms.isEmpty() || platforms.contains(node.platformType());
    }

    /**
     * CancelCommand. InvalidCommandId for a command the tenant does not have; InvalidInstanceId for a
     * listed node the command was not sent to. A command that already ended is left as it is.
     */
    public void cancel(Tenant tenant, String commandId, List<String> instanceIds) {
        Command command = store.find(tenant, commandId).filter(c -> Command.RUN_COMMAND.equals(c.origin()))
                .orElseThrow(() -> invalidCommandId(commandId));
        Collection<String> which = null;
        if (instanceIds != null && !instanceIds.isEmpty()) {
            for (String id : instanceIds) {
                if (store.invocation(tenant, commandId, id).isEmpty()) {
                    throw new SsmException(ErrorCodes.INVALID_INSTANCE_ID, "Instance Id " + id
                            + " is not a target of command " + commandId + ".");
                }
            }
            which = List.copyOf(new LinkedHashSet<>(instanceIds));
        }
        CommandRun run = running.get(command.commandId());
        if (run != null && run.command().tenant().equals(tenant)) {
            run.cancel(which);
        } else if (CommandStatus.EXECUTING.contains(command.state().status())) {
            // Another server runs it: its owner acts on the request within a lease renewal.
            store.requestCancel(command.commandId(), which == null ? null : List.copyOf(which), clock.instant());
        }
    }

    static SsmException invalidCommandId(String commandId) {
        return new SsmException(ErrorCodes.INVALID_COMMAND_ID, "The command ID " + commandId + " is not valid.");
    }

    /** Waits, at most {@code limit}, until no command of this process is in flight. */
    public void awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
