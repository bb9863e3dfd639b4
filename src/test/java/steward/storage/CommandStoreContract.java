package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.association.AlarmStateInformation;
import steward.association.Target;
import steward.command.Command;
import steward.command.CommandDefinition;
import steward.command.CommandState;
import steward.command.Invocation;
import steward.storage.sql.SqlCommandStore;
import steward.tenant.Tenant;

/**
 * What every CommandStore must do, whatever database is under it. Each implementation's test
 * extends this and says how to open a fresh database.
 */
public abstract class CommandStoreContract {
    protected static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final Tenant OTHER = new Tenant("111111111111", "us-east-1");
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final CommandStore.Query ALL = new CommandStore.Query(null, null, null, null, null, null, null, false);

    private Database database;
    private CommandStore store;

    protected abstract Database openDatabase();

    @BeforeEach
    void open() {
        database = openDatabase();
        store = new SqlCommandStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Command command(Tenant tenant, String origin, String document, Instant at, int targets) {
        CommandDefinition d = new CommandDefinition("a comment", Map.of("commands", List.of("echo hi")),
                List.of(), List.of(new Target("tag:env", List.of("prod"))), "us-east-1", "my-bucket", "out", "50", "0",
                null, new CommandDefinition.NotificationConfig("", List.of(), ""), null, 3600, null, 3600);
        return new Command(tenant, 0, UUID.randomUUID().toString(), origin, null, document, "1", at,
                at.plusSeconds(7200), CommandState.pending(targets), d, null);
    }

    private static Invocation invocation(Command c, String instanceId) {
        return new Invocation(c.tenant(), c.commandId(), instanceId, 0, c.origin(), "host-" + instanceId, "Pending",
                "Pending", c.requestedAt(), -1, null, null, "", "", List.of(new Invocation.PluginOutput(
                "aws:runShellScript", "Pending", "Pending", -1, null, null, "", "", "")));
    }

    private Command stored(Command c, String... instances) {
        List<Invocation> invocations = new ArrayList<>();
        for (String id : instances) {
            invocations.add(invocation(c, id));
        }
        return store.insert(List.of(c), invocations).get(0);
    }

    @Test
    void aCommandAndItsInvocationsReadBackAsStored() {
        Command c = stored(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 2), "mi-00000000000000001",
                "mi-00000000000000002");
        assertTrue(c.seq() > 0);
        Command read = store.find(TENANT, c.commandId()).orElseThrow();
        assertEquals(c, read);
        assertEquals(2, store.invocationsOf(TENANT, c.commandId()).size());
        Invocation i = store.invocation(TENANT, c.commandId(), "mi-00000000000000002").orElseThrow();
        assertEquals(c.seq(), i.commandSeq());
        assertEquals("aws:runShellScript", i.plugins().get(0).name());
        assertTrue(store.find(OTHER, c.commandId()).isEmpty(), "another tenant never sees it");
        assertTrue(store.invocation(OTHER, c.commandId(), "mi-00000000000000002").isEmpty());
    }

    @Test
    void anInvocationAndItsCommandChangeTogether() {
        Command c = stored(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 1), "mi-00000000000000001");
        Invocation i = store.invocation(TENANT, c.commandId(), "mi-00000000000000001").orElseThrow();
        Invocation done = i.ended("Success", "Success", 0, T0, T0.plusSeconds(1), "out", "err",
                List.of(new Invocation.PluginOutput("aws:runShellScript", "Success", "Success", 0, T0, T0.plusSeconds(1),
                        "out", "out", "err")));
        CommandState state = new CommandState("Success", "Success", 1, 1, 0, 0, T0.plusSeconds(1));
        store.updateInvocation(done, state);
        assertEquals(done, store.invocation(TENANT, c.commandId(), "mi-00000000000000001").orElseThrow());
        assertEquals(state, store.find(TENANT, c.commandId()).orElseThrow().state());
        List<AlarmStateInformation> alarms = List.of(new AlarmStateInformation("cpu", "ALARM"));
        store.updateCommand(c.commandId(), state, alarms);
        assertEquals(alarms, store.find(TENANT, c.commandId()).orElseThrow().triggeredAlarms());
    }

    @Test
    void finishingWritesTheEndedInvocationsTheStateAndTheAlarmsAtOnce() {
        Command c = stored(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 2), "mi-00000000000000001",
                "mi-00000000000000002");
        Invocation i = store.invocation(TENANT, c.commandId(), "mi-00000000000000002").orElseThrow();
        Invocation cancelled = i.ended("Cancelled", "Cancelled", -1, null, T0, "", "", List.of());
        CommandState state = new CommandState("Failed", "Failed", 2, 1, 0, 0, T0);
        List<AlarmStateInformation> alarms = List.of(new AlarmStateInformation("cpu", "ALARM"));
        store.finish(c.commandId(), List.of(cancelled), state, alarms);
        Command read = store.find(TENANT, c.commandId()).orElseThrow();
        assertEquals(state, read.state());
        assertEquals(alarms, read.triggeredAlarms());
        assertEquals(cancelled, store.invocation(TENANT, c.commandId(), "mi-00000000000000002").orElseThrow());
        assertEquals("Pending", store.invocation(TENANT, c.commandId(), "mi-00000000000000001").orElseThrow().status());
    }

    @Test
    void commandsPageNewestFirstAndFilter() {
        List<Command> made = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            made.add(stored(command(TENANT, Command.RUN_COMMAND, n % 2 == 0 ? "AWS-RunShellScript" : "AWS-UpdateSSMAgent",
                    T0.plusSeconds(n * 60), 1), "mi-0000000000000000" + n));
        }
        stored(command(TENANT, Command.ASSOCIATION, "AWS-RunShellScript", T0, 1), "mi-00000000000000001");
        stored(command(OTHER, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 1), "mi-00000000000000001");
        List<Command> first = store.commands(TENANT, ALL, null, 2);
        assertEquals(List.of(made.get(4).commandId(), made.get(3).commandId()), ids(first));
        List<Command> rest = store.commands(TENANT, ALL, first.get(1).seq(), 10);
        assertEquals(List.of(made.get(2).commandId(), made.get(1).commandId(), made.get(0).commandId()), ids(rest));
        assertEquals(3, store.commands(TENANT, query(null, null, null, null, "AWS-RunShellScript"), null, 10).size());
        assertEquals(List.of(made.get(1).commandId()), ids(store.commands(TENANT,
                query("mi-00000000000000001", null, null, null, null), null, 10)));
        assertEquals(2, store.commands(TENANT, query(null, T0.plusSeconds(180), null, null, null), null, 10).size());
        assertEquals(2, store.commands(TENANT, query(null, null, T0.plusSeconds(60), null, null), null, 10).size());
        assertEquals(5, store.commands(TENANT, query(null, null, null, List.of("Pending"), null), null, 10).size());
        assertEquals(0, store.commands(TENANT, query(null, null, null, List.of("Success"), null), null, 10).size());
        CommandStore.Query executing = new CommandStore.Query(null, null, null, null, null, true, null, false);
        assertEquals(5, store.commands(TENANT, executing, null, 10).size());
    }

    @Test
    void statusFiltersMatchStatusDetailsToo() {
        Command c = stored(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 1), "mi-00000000000000001");
        store.updateCommand(c.commandId(), new CommandState("TimedOut", "DeliveryTimedOut", 1, 1, 0, 1, T0), null);
        assertEquals(1, store.commands(TENANT, query(null, null, null, List.of("TimedOut"), null), null, 10).size());
        assertEquals(1, store.commands(TENANT, query(null, null, null, List.of("DeliveryTimedOut"), null), null, 10).size());
        assertEquals(0, store.commands(TENANT, query(null, null, null, List.of("ExecutionTimedOut"), null), null, 10).size());
        CommandStore.Query complete = new CommandStore.Query(null, null, null, null, null, false, null, false);
        assertEquals(1, store.commands(TENANT, complete, null, 10).size());
    }

    @Test
    void invocationsPageByCommandThenInstance() {
        Command older = stored(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 2), "mi-00000000000000002",
                "mi-00000000000000001");
        Command newer = stored(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0.plusSeconds(5), 1),
                "mi-00000000000000003");
        Command association = stored(command(TENANT, Command.ASSOCIATION, "AWS-RunShellScript", T0, 1),
                "mi-00000000000000009");
        List<Invocation> page = store.invocations(TENANT, ALL, null, 2);
        assertEquals(List.of(newer.commandId() + "/mi-00000000000000003", older.commandId() + "/mi-00000000000000001"),
                keys(page));
        Invocation last = page.get(1);
        List<Invocation> rest = store.invocations(TENANT, ALL,
                new CommandStore.InvocationPosition(last.commandSeq(), last.instanceId()), 10);
        assertEquals(List.of(older.commandId() + "/mi-00000000000000002"), keys(rest));
        CommandStore.Query byId = new CommandStore.Query(association.commandId(), null, null, null, null, null, null, true);
        assertEquals(1, store.invocations(TENANT, byId, null, 10).size(), "asked by id, an association's is listed");
        CommandStore.Query byInstance = new CommandStore.Query(null, "mi-00000000000000001", null, null, null, null,
                null, false);
        assertEquals(List.of(older.commandId() + "/mi-00000000000000001"), keys(store.invocations(TENANT, byInstance,
                null, 10)));
    }

    @Test
    void inFlightAndPruneSeeOnlyWhatTheyShould() {
        Command running = stored(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 1), "mi-00000000000000001");
        Command old = stored(command(OTHER, Command.ASSOCIATION, "AWS-RunShellScript", T0, 1), "mi-00000000000000001");
        Command recent = stored(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 1), "mi-00000000000000002");
        store.updateCommand(old.commandId(), new CommandState("Success", "Success", 1, 1, 0, 0, T0), null);
        store.updateCommand(recent.commandId(), new CommandState("Success", "Success", 1, 1, 0, 0, T0.plusSeconds(3600)),
                null);
        assertEquals(List.of(running.commandId()), ids(store.inFlight()));
        assertEquals(1, store.prune(T0.plusSeconds(60), 10));
        assertTrue(store.find(OTHER, old.commandId()).isEmpty());
        assertTrue(store.invocationsOf(OTHER, old.commandId()).isEmpty(), "invocations go with their command");
        assertTrue(store.find(TENANT, recent.commandId()).isPresent());
        assertTrue(store.find(TENANT, running.commandId()).isPresent(), "a running command is never pruned");
        for (int n = 0; n < 7; n++) {
            Command c = stored(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 1), "mi-00000000000000003");
            store.updateCommand(c.commandId(), new CommandState("Failed", "Failed", 1, 1, 1, 0, T0), null);
        }
        assertEquals(3, store.prune(T0.plusSeconds(60), 3), "one batch at a time");
        assertEquals(3, store.prune(T0.plusSeconds(60), 3));
        assertEquals(1, store.prune(T0.plusSeconds(60), 3));
        assertEquals(0, store.prune(T0.plusSeconds(60), 3));
    }

    private static CommandStore.Query query(String instanceId, Instant after, Instant before, List<String> statuses,
                                            String document) {
        return new CommandStore.Query(null, instanceId, after, before, statuses, null, document, false);
    }

    private static List<String> ids(List<Command> commands) {
        return commands.stream().map(Command::commandId).toList();
    }

    private static List<String> keys(List<Invocation> invocations) {
        return invocations.stream().map(i -> i.commandId() + "/" + i.instanceId()).toList();
    }

    private CommandStore server(String owner) {
        return new SqlCommandStore(database, new Lease(owner, java.time.Duration.ofSeconds(8),
                java.time.InstantSource.system()));
    }

    @Test
    void aRunCommandCommandIsLeasedAndTakenOverByOneServerOnlyWhenItsLeaseRanOut() throws Exception {
        Command c = server("server-a").insert(List.of(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 1)),
                List.of()).get(0);
        server("server-a").insert(List.of(command(TENANT, Command.ASSOCIATION, "AWS-RunShellScript", T0, 1)), List.of());
        Instant now = Instant.now();
        assertEquals(List.of(), store.expiredLeases(now, 10), "leased, and an association's command is its run's");
        assertEquals(1, store.renewLeases("server-a", now.plusSeconds(60)));
        assertEquals(List.of(c.commandId()), store.expiredLeases(now.plusSeconds(61), 10).stream()
                .map(Command::commandId).toList());
        store.releaseLeases("server-a");
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.CompletableFuture<Boolean>> racers = new ArrayList<>();
        for (String owner : List.of("server-b", "server-c")) {
            CommandStore racer = server(owner);
            racers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return racer.takeOver(c.commandId(), owner, now, now.plusSeconds(8));
            }));
        }
        go.countDown();
        assertTrue(racers.get(0).get() ^ racers.get(1).get(), "exactly one takes the command over");
    }

    @Test
    void cancelRequestsReachTheServerHoldingTheCommand() {
        Command c = server("server-a").insert(List.of(command(TENANT, Command.RUN_COMMAND, "AWS-RunShellScript", T0, 2)),
                List.of()).get(0);
        store.requestCancel(c.commandId(), null, T0);
        store.requestCancel(c.commandId(), List.of("mi-00000000000000001"), T0);
        store.requestCancel(c.commandId(), null, T0);
        assertEquals(List.of(), store.cancelRequests("server-b"));
        List<CommandStore.CancelRequest> requests = store.cancelRequests("server-a");
        assertEquals(java.util.Set.of(new CommandStore.CancelRequest(c.commandId(), null),
                new CommandStore.CancelRequest(c.commandId(), "mi-00000000000000001")), java.util.Set.copyOf(requests));
        store.cancelRequestsDone(requests);
        assertEquals(List.of(), store.cancelRequests("server-a"));
    }
}
