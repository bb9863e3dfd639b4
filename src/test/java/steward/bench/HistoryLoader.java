package steward.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.association.AssociationOverview;
import steward.association.Target;
import steward.execution.AssociationExecution;
import steward.storage.sql.SqlAssociationStore;
import steward.storage.sql.SqlExecutionStore;
import steward.storage.Database;
import steward.tenant.Tenant;

/**
 * Fills a store through Steward's own storage code: associations, then years of finished
 * runs, one run in a thousand Failed and two TimedOut, each with a realistic target count.
 * The first association gets {@code bigRuns}, the second {@code smallRuns}, the rest share
 * what remains of {@code totalRuns}.
 */
final class HistoryLoader {
    static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final int BATCH = 50_000;

    record Loaded(String bigAssociation, String smallAssociation, long runs, double seconds) {
        double rowsPerSecond() {
            return runs / seconds;
        }
    }

    static Loaded load(Database database, int associations, long totalRuns, long bigRuns, long smallRuns) {
        SqlAssociationStore associationStore = new SqlAssociationStore(database);
        SqlExecutionStore executions = new SqlExecutionStore(database);
        Instant now = Instant.now();
        AssociationDefinition d = new AssociationDefinition("AWS-RunShellScript", "$DEFAULT", null,
                Map.of("commands", List.of("echo")), List.of(new Target("tag:role", List.of("web"))), null, null, null,
                null, null, null, null, null, false, null, null, null, null, null, null, null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < associations; i++) {
            String id = UUID.randomUUID().toString();
            Instant created = now.minus(Duration.ofDays(3650));
            associationStore.create(new Association(TENANT, 0, id, 1, created, created, AssociationOverview.creating(),
                    null, null, null, d, null), List.of(), Integer.MAX_VALUE);
            ids.add(id);
        }
        long started = System.nanoTime();
        long loaded = 0;
        Random random = new Random(7);
        long rest = totalRuns - bigRuns - smallRuns;
        for (int i = 0; i < associations; i++) {
            long runs = i == 0 ? bigRuns : i == 1 ? smallRuns : rest / (associations - 2) + (i - 2 < rest % (associations - 2) ? 1 : 0);
            loaded += loadRuns(executions, ids.get(i), runs, now, random);
        }
        return new Loaded(ids.get(0), ids.get(1), loaded, (System.nanoTime() - started) / 1e9);
    }

    /** Runs every 30 minutes back from now, newest last, in batches of one transaction each. */
    private static long loadRuns(SqlExecutionStore executions, String associationId, long runs, Instant now, Random random) {
        List<AssociationExecution> batch = new ArrayList<>(BATCH);
        Instant first = now.minus(Duration.ofMinutes(30).multipliedBy(runs));
        for (long n = 0; n < runs; n++) {
            Instant created = first.plus(Duration.ofMinutes(30).multipliedBy(n)).plusMillis(random.nextInt(1000));
            int targets = 1 + random.nextInt(50);
            String status;
            String counts;
            if (n % 1000 == 500) {
                status = "Failed";
                counts = "{Failed=1" + (targets > 1 ? ", Success=" + (targets - 1) : "") + "}";
            } else if (n % 1000 == 250 || n % 1000 == 750) {
                status = "TimedOut";
                counts = "{TimedOut=" + targets + "}";
            } else {
                status = "Success";
                counts = "{Success=" + targets + "}";
            }
            batch.add(new AssociationExecution(TENANT, 0, associationId, 1, UUID.randomUUID().toString(), status,
                    status, created, created.plusSeconds(5 + random.nextInt(120)), counts, null, null, null));
            if (batch.size() == BATCH) {
                executions.importRuns(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            executions.importRuns(batch);
        }
        return runs;
    }

    private HistoryLoader() {
    }
}
