package steward.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import steward.association.AssociationService;
import steward.association.operations.CreateAssociation;
import steward.association.operations.CreateAssociationBatch;
import steward.association.operations.DeleteAssociation;
import steward.association.operations.DescribeAssociation;
import steward.association.operations.ListAssociationVersions;
import steward.association.operations.ListAssociations;
import steward.association.operations.UpdateAssociation;
import steward.auth.Authenticator;
import steward.auth.CredentialStore;
import steward.auth.SigV4Verifier;
import steward.compliance.ComplianceService;
import steward.compliance.operations.ComplianceOperations;
import steward.command.AssociationCommandLog;
import steward.command.CommandDocuments;
import steward.command.CommandRetention;
import steward.command.CommandRunner;
import steward.command.operations.CommandOperations;
import steward.console.ConsoleAssets;
import steward.control.ControlApi;
import steward.control.ManagedEnvironment;
import io.netty.handler.ssl.SslContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import steward.auth.CredentialStores;
import steward.auth.InstanceScope;
import steward.node.RoutedNodeCommands;
import steward.node.agent.Agents;
import steward.protocol.Authentication;
import steward.document.DocumentAuthoring;
import steward.document.DocumentCatalogue;
import steward.document.DocumentService;
import steward.document.DocumentVersion;
import steward.document.operations.DocumentOperations;
import steward.errors.SsmException;
import steward.execution.operations.DescribeAssociationExecutionTargets;
import steward.execution.operations.DescribeAssociationExecutions;
import steward.execution.operations.DescribeEffectiveInstanceAssociations;
import steward.execution.operations.DescribeInstanceAssociationsStatus;
import steward.execution.operations.StartAssociationsOnce;
import steward.execution.operations.UpdateAssociationStatus;
import steward.execution.runner.AssociationRunner;
import steward.execution.runner.LeaseKeeper;
import steward.node.NodeCommands;
import steward.node.NodeStore;
import steward.node.operations.DescribeInstanceInformation;
import steward.paging.PageTokens;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;
import steward.protocol.AwsJsonDispatcher;
import steward.protocol.Operation;
import steward.protocol.ServiceModel;
import steward.schedule.ClockControl;
import steward.schedule.ManualClock;
import steward.schedule.Scheduler;
import steward.storage.AssociationStore;
import steward.storage.Database;
import steward.storage.DatabaseUrl;
import steward.storage.Lease;
import steward.storage.DocumentStore;
import steward.storage.ExecutionStore;
import steward.storage.MeteredCommandStore;
import steward.storage.MeteredExecutionStore;
import steward.metrics.MicrometerMetrics;
import steward.storage.CommandStore;
import steward.storage.sql.SqlAssociationStore;
import steward.storage.sql.SqlCommandStore;
import steward.storage.sql.SqlComplianceStore;
import steward.storage.sql.SqlDocumentStore;
import steward.storage.sql.SqlExecutionStore;
import steward.storage.sql.SqlTagStore;
import steward.tagging.TagOperations;
import steward.tagging.TaggableResources;

/**
 * A running server: the store, the domain services, the runner, the operations, and the HTTP
 * listener, started in that order and closed in the reverse one.
 */
public final class Steward implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Steward.class);

    private final Database database;
    private final ManagedEnvironment environment;
    private final Agents agents;
    private final AssociationRunner runner;
    private final Scheduler scheduler;
    private final CommandRunner commandRunner;
    private final CommandRetention retention;
    private final HttpServer http;
    private final MicrometerMetrics metrics;
    private final AtomicBoolean stopping;
    private final LeaseKeeper leases;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Steward(Database database, ManagedEnvironment environment, Agents agents, AssociationRunner runner,
                    Scheduler scheduler, CommandRunner commandRunner, CommandRetention retention, HttpServer http,
                    MicrometerMetrics metrics, AtomicBoolean stopping, LeaseKeeper leases) {
        this.leases = leases;
        this.database = database;
        this.environment = environment;
        this.agents = agents;
        this.runner = runner;
        this.scheduler = scheduler;
        this.commandRunner = commandRunner;
        this.retention = retention;
        this.http = http;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    /**
     * @throws StartupFailure when the settings, credentials, data directory, store or address
     *                        do not allow a start; nothing is left open or running
     */
    public static Steward start(ServerConfig config) throws InterruptedException {
        CredentialStore serverKeys = StartupChecks.credentials(config);
        SslContext tls = transportSecurity(config);
        if (config.database() instanceof DatabaseUrl.Sqlite sqlite) {
            DataDirectory.requireWritable(sqlite.file().toAbsolutePath().getParent());
        }
        Database database = StartupChecks.store(config);
        MicrometerMetrics metrics = new MicrometerMetrics();
        AtomicBoolean stopping = new AtomicBoolean();
        ManagedEnvironment environment = null;
        Agents agents = null;
        AssociationRunner runner = null;
        Scheduler scheduler = null;
        CommandRunner commandRunner = null;
        CommandRetention retention = null;
        LeaseKeeper leases = null;
        try {
            InstantSource clock = config.manualClock() ? new ManualClock(config.manualClockStart())
                    : InstantSource.system();
            PageTokens tokens = new PageTokens(TokenKey.load(database, config));
            SqlTagStore tags = new SqlTagStore(database);
            SqlDocumentStore documentStore = new SqlDocumentStore(database);
            DocumentService documents = new DocumentService(documentStore, tags, DocumentCatalogue.builtIn());
            AssociationStore associationStore = new SqlAssociationStore(database);
            SqlComplianceStore complianceStore = new SqlComplianceStore(database, (tenant, name, version) ->
                    concreteVersion(documents, tenant, name, version));
            // Association compliance is written in the transaction that records each target's result.
            // Every run and command in flight is under this server's lease (see Lease and LeaseKeeper).
            Lease lease = Lease.forThisServer();
            leases = new LeaseKeeper();
            ExecutionStore executions = new MeteredExecutionStore(new SqlExecutionStore(database, complianceStore, lease),
                    metrics);
            metrics.gauge("steward.store.size", "Bytes the store takes on disk", "bytes",
                    () -> database.sizeBytes() < 0 ? Double.NaN : database.sizeBytes());
            AssociationService associations = new AssociationService(associationStore, documents::checkAssociation,
                    clock, config.associationLimit());
            DocumentAuthoring authoring = new DocumentAuthoring(documentStore, documents,
                    (tenant, name) -> associations.documentVersionsInUse(tenant, List.of(name, DocumentVersion.ownArn(
                            tenant, name))), clock);
            environment = ManagedEnvironment.open(database, clock);
            metrics.agentsOnline(environment.nodes()::agentsOnline);
            agents = new Agents(database, environment.nodes(), clock, config.longPoll());
            Agents live = agents;
            metrics.longPollsOpen(() -> live.queue().openPolls());
            CommandStore commandStore = new MeteredCommandStore(new SqlCommandStore(database, lease), metrics);
            CommandDocuments commandDocuments = new CommandDocuments(documents);
            // Simulated nodes and agents behind one contract: the runner never knows which it reaches.
            NodeCommands nodeCommands = new RoutedNodeCommands(environment.commands(), agents.commands());
            runner = new AssociationRunner(executions, associationStore, environment.nodes(), nodeCommands,
                    environment.alarms(), new AssociationCommandLog(commandStore), clock, documents::resolve)
                    .withLease(lease, leases::held);
            commandRunner = new CommandRunner(commandStore, environment.nodes(), nodeCommands, environment.alarms(),
                    commandDocuments, clock).withLease(lease, leases::held);
            // What servers that are gone left in flight is finished here: all of it at once when no
            // other server uses the store, else what their leases no longer cover (the rest when they run out).
            if (database.soleUser()) {
                runner.takeOverAll();
                commandRunner.takeOverAll();
            } else {
                runner.takeOverExpired();
                commandRunner.takeOverExpired();
            }
            leases.start(List.of(runner, commandRunner));
            if (config.commandRetentionDays() != null) {
                retention = new CommandRetention(commandStore, java.time.Duration.ofDays(config.commandRetentionDays()),
                        clock).start();
            }
            associations.listen(runner);
            environment.nodes().addListener(runner);
            scheduler = clock instanceof ManualClock manual ? Scheduler.manual(associationStore, runner, manual)
                    : Scheduler.polling(associationStore, runner, clock);

            CredentialStore credentials = CredentialStores.chain(agents.credentials(), serverKeys);

            TaggableResources taggable = new TaggableResources();
            taggable.register("Association", (tenant, id) -> associations.find(tenant, id).isPresent());
            ManagedEnvironment nodes = environment;
            taggable.register(NodeStore.RESOURCE_TYPE, (tenant, id) -> nodes.nodes().find(tenant, id).isPresent());
            taggable.register(DocumentStore.RESOURCE_TYPE, (tenant, id) -> documentStore.find(tenant, id).isPresent());

            List<Operation> operations = new ArrayList<>(List.of(
                    new CreateAssociation(associations),
                    new CreateAssociationBatch(associations),
                    new DescribeAssociation(associations),
                    new UpdateAssociation(associations),
                    new DeleteAssociation(associations),
                    new ListAssociations(associations, tokens),
                    new ListAssociationVersions(associations, tokens),
                    new StartAssociationsOnce(associations, runner),
                    new DescribeAssociationExecutions(associations, executions, tokens),
                    new DescribeAssociationExecutionTargets(associations, executions, tokens),
                    new DescribeInstanceAssociationsStatus(associations, executions, environment.nodes(), tokens),
                    new DescribeEffectiveInstanceAssociations(associations, environment.nodes(),
                            a -> effectiveContent(documents, a), tokens),
                    new UpdateAssociationStatus(associations, environment.nodes()),
                    new DescribeInstanceInformation(environment.nodes(), tokens, agents.registrations(),
                            new steward.execution.NodeAssociationSummaries(executions))));
            operations.addAll(agents.ssmOperations(tokens, (tenant, id) -> associations.find(tenant, id).isPresent()));
            operations.addAll(TagOperations.operations(taggable, tags));
            operations.addAll(DocumentOperations.operations(documents, authoring, tokens));
            operations.addAll(ComplianceOperations.operations(new ComplianceService(complianceStore, associations::find,
                    (tenant, id) -> nodes.nodes().find(tenant, id).isPresent()), tokens));
            operations.addAll(CommandOperations.operations(commandRunner, commandStore, tokens));

            // Signatures are checked against the wall clock the clients sign with, never the manual clock.
            Authenticator authenticator = new SigV4Verifier(credentials, InstantSource.system());
            AwsJsonDispatcher aws = new AwsJsonDispatcher(AwsJsonDispatcher.SSM_TARGET_PREFIX, ServiceModel.load(),
                    Map.of(Authentication.SIGV4, authenticator,
                            Authentication.INSTANCE_KEY, agents.keyVerifier(InstantSource.system())),
                    InstanceScope.SSM, operations);
            AtomicReference<HttpServer> bound = new AtomicReference<>();
            AwsJsonDispatcher messages = new AwsJsonDispatcher(AwsJsonDispatcher.MESSAGES_TARGET_PREFIX,
                    ServiceModel.loadMessages(), Map.of(Authentication.SIGV4, new SigV4Verifier(credentials,
                            InstantSource.system(), "ec2messages")), InstanceScope.MESSAGES,
                    agents.messageOperations(() -> config.host() + ":" + bound.get().address().getPort()));
            ControlApi control = new ControlApi(InstanceScope.adminOnly(authenticator), environment.nodes(),
                    environment.alarms(), new ClockControl(clock, scheduler));
            BenchFloor floor = BenchFloor.enabled() ? new BenchFloor(InstanceScope.adminOnly(authenticator)) : null;
            OperatorEndpoints operator = new OperatorEndpoints(metrics, database, stopping::get);
            ConsoleAssets console = new ConsoleAssets();
            HttpServer http = StartupChecks.listen(config, request -> floor != null
                    && BenchFloor.PATH.equals(request.path()) ? floor.handle(request)
                    : OperatorEndpoints.handles(request.path()) ? operator.handle(request)
                    : route(aws, messages, control, console, request), new RequestLog(metrics), tls);
            bound.set(http);
            return new Steward(database, environment, agents, runner, scheduler, commandRunner, retention, http, metrics,
                    stopping, leases);
        } catch (RuntimeException | InterruptedException e) {
            if (leases != null) {
                leases.close();
            }
            if (retention != null) {
                retention.close();
            }
            if (commandRunner != null) {
                commandRunner.close();
            }
            if (scheduler != null) {
                scheduler.close();
            }
            if (runner != null) {
                runner.close();
            }
            if (agents != null) {
                agents.close();
            }
            if (environment != null) {
                environment.close();
            }
            database.close();
            metrics.close();
            throw e;
        }
    }

    /** The number of the version an association's DocumentVersion ($DEFAULT, $LATEST, 3) names now. */
    private static String concreteVersion(DocumentService documents, steward.tenant.Tenant tenant, String name,
                                          String version) {
        try {
            return documents.resolve(tenant, name, version).documentVersion();
        } catch (SsmException gone) {
            return version == null ? "$DEFAULT" : version;
        }
    }

    /** The content of the version an association names now, as JSON: the agent reads JSON only. */
    private static String effectiveContent(DocumentService documents, steward.association.Association a) {
        try {
            return documents.resolve(a.tenant(), a.definition().name(), a.definition().documentVersion()).contentAsJson();
        } catch (SsmException gone) {
            return "{}";
        }
    }

    /**
     * TLS when configured. Plain HTTP beyond loopback is refused unless consented to: agents take
     * the commands they run as root over this channel, so anyone on the path could change them.
     */
    private static SslContext transportSecurity(ServerConfig config) {
        if (config.tls()) {
            return Tls.serverContext(config.tlsCert(), config.tlsKey());
        }
        if (!CredentialStores.isLoopback(config.host())) {
            if (!config.allowPlaintext()) {
                throw new StartupFailure(StartupFailure.SETTINGS, "refusing to serve plain HTTP on " + config.host()
                        + ": agents would take the commands they run as root over a channel anyone on the path can "
                        + "read and change. Give --tls-cert FILE --tls-key FILE, listen on loopback (--host "
                        + "127.0.0.1), or pass --allow-plaintext (STEWARD_ALLOW_PLAINTEXT=true) to accept that risk",
                        null);
            }
            LOG.warn("SERVING PLAIN HTTP ON {}: anyone on the network path can read and change what agents run, as "
                    + "root. Use --tls-cert and --tls-key beyond loopback.", config.host());
        }
        return null;
    }

    private static ApiResponse route(AwsJsonDispatcher aws, AwsJsonDispatcher messages, ControlApi control,
                                     ConsoleAssets console, ApiRequest request) {
        if (ConsoleAssets.handles(request.path())) {
            return console.handle(request);
        }
        if (ControlApi.handles(request.path())) {
            return control.handle(request);
        }
        return messages.serves(request.header("x-amz-target")) ? messages.dispatch(request) : aws.dispatch(request);
    }

    public InetSocketAddress address() {
        return http.address();
    }

    /**
     * Stops gracefully: refuses new connections and requests, lets requests in flight finish and
     * runs in flight go on for at most {@code grace}, then closes everything. A run still going
     * after that stays in flight in the store, and the next start finishes it as after a crash.
     */
    public void shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        stopping.set(true);
        // Agents' held polls are answered now: a request held for 15 s must not use up the grace.
        agents.queue().close();
        http.stopAccepting();
        boolean answered = http.awaitRequests(deadline);
        scheduler.close();
        int left = runner.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        commandRunner.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        LOG.info("stopping: {}; {}", answered ? "every request was answered" : "requests still unanswered are cut off",
                left == 0 ? "no run is in flight" : left + " runs in flight are left for another server or the next "
                        + "start to finish");
        // What is still in flight stops here first, then is given up to the other servers at once.
        commandRunner.close();
        runner.close();
        leases.stop(true);
        close();
    }

    /** Whether {@link #shutdown} has begun. */
    public boolean stopping() {
        return stopping.get();
    }

    /** Stops at once; runs in flight are left for the next start, as by {@link #shutdown} after its grace. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping.set(true);
        agents.queue().close();
        http.close();
        scheduler.close();
        leases.close();
        if (retention != null) {
            retention.close();
        }
        commandRunner.close();
        runner.close();
        agents.close();
        environment.close();
        database.close();
        metrics.close();
    }
}
