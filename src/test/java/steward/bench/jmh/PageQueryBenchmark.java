package steward.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionQuery;
import steward.storage.ExecutionStore.Position;
import steward.storage.sql.SqlExecutionStore;
import steward.storage.sqlite.SqliteDatabase;
import steward.tenant.Tenant;

/**
 * The page query alone, below HTTP and JSON: one DescribeAssociationExecutions page (51
 * rows, as the operation asks for one more than it shows) from a store that HistoryBenchmark
 * loaded. Point {@code -Dsteward.bench.dataDir} at that directory (default
 * /tmp/steward-bench-history).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PageQueryBenchmark {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");

    @Param({"big", "small"})
    public String association;

    private SqliteDatabase database;
    private SqlExecutionStore executions;
    private String id;
    private Position deep;
    private ExecutionQuery failed;
    private ExecutionQuery window;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path dir = Path.of(System.getProperty("steward.bench.dataDir", "/tmp/steward-bench-history"));
        List<String> ids = Files.readAllLines(dir.resolve("bench-ids.txt"));
        id = association.equals("big") ? ids.get(0) : ids.get(1);
        database = new SqliteDatabase(dir);
        executions = new SqlExecutionStore(database);
        List<AssociationExecution> first = executions.page(TENANT, id, ExecutionQuery.ALL, null, 51);
        AssociationExecution middle = first.get(first.size() / 2);
        Position cursor = null;
        for (int page = 0; page < 2000; page++) {
            List<AssociationExecution> rows = executions.page(TENANT, id, ExecutionQuery.ALL, cursor, 50);
            if (rows.size() < 50) {
                break;
            }
            AssociationExecution last = rows.get(rows.size() - 1);
            cursor = new Position(last.createdTime().toEpochMilli(), last.seq());
        }
        deep = cursor;
        failed = new ExecutionQuery(null, "Failed", null, null);
        Instant newest = first.get(0).createdTime();
        window = new ExecutionQuery(null, null, middle.createdTime(), newest);
    }

    @TearDown(Level.Trial)
    public void close() {
        database.close();
    }

    @Benchmark
    public List<AssociationExecution> firstPage() {
        return executions.page(TENANT, id, ExecutionQuery.ALL, null, 51);
    }

    @Benchmark
    public List<AssociationExecution> deepPage() {
        return executions.page(TENANT, id, ExecutionQuery.ALL, deep, 51);
    }

    @Benchmark
    public List<AssociationExecution> statusFilter() {
        return executions.page(TENANT, id, failed, null, 51);
    }

    @Benchmark
    public List<AssociationExecution> createdTimeRange() {
        return executions.page(TENANT, id, window, null, 51);
    }
}
