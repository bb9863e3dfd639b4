package steward.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import steward.alarm.SqlAlarmStates;
import steward.association.Target;
import steward.command.Command;
import steward.command.CommandDocuments;
import steward.command.CommandRequest;
import steward.command.CommandRunner;
import steward.document.DocumentCatalogue;
import steward.node.NodeBehavior;
import steward.node.NodeRegistration;
import steward.node.NodeService;
import steward.node.SimulatedNodeCommands;
import steward.node.SqlNodeStore;
import steward.storage.sql.SqlCommandStore;
import steward.storage.sqlite.SqliteDatabase;
import steward.tagging.Tag;
import steward.tenant.Tenant;
import steward.testing.TestServer;

/**
 * Run Command fanning out over a fleet of simulated nodes, in process on the real store and
 * runner: how long SendCommand takes to store the command and its N invocations (what the
 * caller waits for), and how long until every invocation has ended, at MaxConcurrency 100% and
 * at the default 50. Nodes answer at once, so the figures are Steward's own cost per
 * invocation (three store writes: started, ended with output, and the command's counts).
 * Arguments: the fleet sizes (1000 5000). Prints one Markdown table row per case.
 */
public final class CommandFanOutBenchmark {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = args.length == 0 ? List.of(1_000, 5_000) : java.util.Arrays.stream(args)
                .map(Integer::parseInt).toList();
        System.out.println("| nodes | MaxConcurrency | SendCommand ms | all ended s | invocations/s |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (int nodes : sizes) {
            for (String concurrency : List.of("100%", "50")) {
                run(nodes, concurrency);
            }
        }
    }

    private static void run(int count, String maxConcurrency) throws Exception {
        Path dir = Files.createTempDirectory("steward-bench-commands");
        try (SqliteDatabase database = new SqliteDatabase(dir)) {
            NodeService nodes = new NodeService(new SqlNodeStore(database), InstantSource.system());
            for (int i = 0; i < count; i++) {
                nodes.register(TENANT, NodeRegistration.DEFAULTS.withTags(List.of(new Tag("fleet", "bench")))
                        .withBehavior(new NodeBehavior("Success", 0, null, "ok\n", null, false)));
            }
            SqlCommandStore store = new SqlCommandStore(database);
            try (SimulatedNodeCommands simulated = new SimulatedNodeCommands(nodes);
                 CommandRunner runner = new CommandRunner(store, nodes, simulated, new SqlAlarmStates(database),
                         new CommandDocuments(new steward.document.DocumentService(new steward.storage.sql.SqlDocumentStore(database), new steward.storage.sql.SqlTagStore(database), DocumentCatalogue.builtIn())), InstantSource.system())) {
                long start = System.nanoTime();
                Command sent = runner.send(TENANT, new CommandRequest(null,
                        List.of(new Target("tag:fleet", List.of("bench"))), "AWS-RunShellScript", null, null, null,
                        null, null, Map.of("commands", List.of("echo ok")), null, null, null, maxConcurrency, null,
                        null, null, null, null));
                double sendMillis = (System.nanoTime() - start) / 1e6;
                runner.awaitIdle(Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                Command done = store.find(TENANT, sent.commandId()).orElseThrow();
                if (done.state().completedCount() != count) {
                    throw new AssertionError("only " + done.state().completedCount() + " of " + count + " ended");
                }
                System.out.printf("| %d | %s | %.0f | %.2f | %.0f |%n", count, maxConcurrency, sendMillis, seconds,
                        count / seconds);
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }
}
