package steward.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import steward.alarm.SqlAlarmStates;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.association.AssociationOverview;
import steward.association.Target;
import steward.execution.runner.AssociationRunner;
import steward.node.NodeRegistration;
import steward.node.NodeService;
import steward.node.SimulatedNodeCommands;
import steward.node.SqlNodeStore;
import steward.schedule.Scheduler;
import steward.storage.sql.SqlAssociationStore;
import steward.storage.sql.SqlExecutionStore;
import steward.storage.sqlite.SqliteDatabase;
import steward.tagging.Tag;
import steward.tenant.Tenant;
import steward.testing.TestServer;

/**
 * Firing lag, from an association's due time to its run's record, with 10,000 scheduled
 * associations on one server: the real store, scheduler, runner and simulated node. Two
 * cases: due times spread over two minutes (the steady state of a fleet's schedules), and
 * a burst of all of them due in the same instant. Prints one Markdown table row per case.
 * Arguments: the number of associations (10000), and which cases: all, spread or burst.
 */
public final class FiringLagBenchmark {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");

    public static void main(String[] args) throws Exception {
        int associations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        System.out.println("| case | associations | runs fired | p50 lag ms | p99 lag ms | max lag ms | firing time s |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        String cases = args.length > 1 ? args[1] : "all";
        if (!cases.equals("burst")) {
            run("spread over 120 s", associations, Duration.ofSeconds(120));
        }
        if (!cases.equals("spread")) {
            run("burst: all due at once", associations, Duration.ZERO);
        }
    }

    private static void run(String name, int count, Duration spread) throws Exception {
        Path dir = Files.createTempDirectory("steward-bench-lag");
        SqliteDatabase database = new SqliteDatabase(dir);
        InstantSource clock = InstantSource.system();
        SqlAssociationStore associations = new SqlAssociationStore(database);
        NodeService nodes = new NodeService(new SqlNodeStore(database), clock);
        nodes.register(TENANT, NodeRegistration.DEFAULTS.withTags(List.of(new Tag("role", "web"))));
        try (SimulatedNodeCommands commands = new SimulatedNodeCommands(nodes);
             AssociationRunner runner = new AssociationRunner(new SqlExecutionStore(database), associations, nodes,
                     commands, new SqlAlarmStates(database), new steward.command.AssociationCommandLog(new steward.storage.sql.SqlCommandStore(database)), clock)) {
            Instant firstDue = clock.instant().plusSeconds(20 + count / 500);
            load(associations, count, firstDue, spread);
            Scheduler scheduler = Scheduler.polling(associations, runner, clock);
            Instant last = firstDue.plus(spread);
            long started = System.nanoTime();
            while (fired(database) < count && clock.instant().isBefore(last.plusSeconds(300))) {
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            scheduler.close();
            List<Long> lags = lags(database);
            System.out.printf("| %s | %d | %d | %d | %d | %d | %.1f |%n", name, count, lags.size(),
                    percentile(lags, 50), percentile(lags, 99), lags.isEmpty() ? 0 : lags.get(lags.size() - 1), seconds);
        } finally {
            database.close();
            TestServer.deleteRecursively(dir);
        }
    }

    /** Associations on rate(30 minutes), each made due at its own moment within the spread. */
    private static void load(SqlAssociationStore store, int count, Instant firstDue, Duration spread) {
        Random random = new Random(42);
        Instant created = firstDue.minus(Duration.ofMinutes(30));
        AssociationDefinition d = new AssociationDefinition("AWS-RunShellScript", "$DEFAULT", null,
                Map.of("commands", List.of("echo")), List.of(new Target("tag:role", List.of("web"))), "rate(30 minutes)",
                null, null, null, null, null, null, null, false, null, null, null, null, null, null, null);
        for (int i = 0; i < count; i++) {
            long offset = spread.isZero() ? 0 : (long) (random.nextDouble() * spread.toMillis());
            Instant anchor = created.plusMillis(offset);
            store.create(new Association(TENANT, 0, UUID.randomUUID().toString(), 1, anchor, anchor,
                    AssociationOverview.creating(), null, null, null, d, anchor.plus(Duration.ofMinutes(30))), List.of(),
                    Integer.MAX_VALUE);
        }
    }

    private static int fired(SqliteDatabase database) {
        return database.read(c -> {
            try (PreparedStatement count = c.prepareStatement(
                    "SELECT COUNT(*) FROM association_execution WHERE scheduled_for IS NOT NULL");
                 ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    private static List<Long> lags(SqliteDatabase database) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT created_at - scheduled_for FROM "
                    + "association_execution WHERE scheduled_for IS NOT NULL ORDER BY 1");
                 ResultSet rows = select.executeQuery()) {
                List<Long> lags = new ArrayList<>();
                while (rows.next()) {
                    lags.add(rows.getLong(1));
                }
                return lags;
            }
        });
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
