package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.association.AssociationOverview;
import steward.association.Target;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionStatus;
import steward.execution.ExecutionTarget;
import steward.storage.sql.SqlAssociationStore;
import steward.storage.sql.SqlExecutionStore;
import steward.storage.sqlite.SqliteDatabase;
import steward.tenant.Tenant;

/**
 * A target's final result and what the hook writes with it (the node's Association compliance)
 * commit together or not at all: a hook that fails takes the result down with it.
 */
class TargetResultInSameTransactionTest {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aFailingHookRollsTheTargetsResultBack() {
        try (Database database = new SqliteDatabase(dir)) {
            SqlExecutionStore executions = new SqlExecutionStore(database, (connection, execution, target) -> {
                throw new SQLException("the hook failed");
            });
            String associationId = UUID.randomUUID().toString();
            new SqlAssociationStore(database).create(new Association(TENANT, 0, associationId, 1, T0, T0,
                    AssociationOverview.creating(), null, null, null, new AssociationDefinition("AWS-RunShellScript",
                    "$DEFAULT", null, Map.of("commands", List.of("echo")), List.of(new Target("InstanceIds", List.of("*"))),
                    null, null, null, null, null, null, null, null, false, null, null, null, null, null, null, null), null),
                    List.of(), 10);
            String executionId = UUID.randomUUID().toString();
            ExecutionTarget pending = new ExecutionTarget(executionId, "mi-00000000000000001",
                    ExecutionTarget.MANAGED_INSTANCE, ExecutionStatus.IN_PROGRESS, ExecutionStatus.IN_PROGRESS, null, "c");
            AssociationExecution run = executions.start(new AssociationExecution(TENANT, 0, associationId, 1, executionId,
                    ExecutionStatus.IN_PROGRESS, ExecutionStatus.IN_PROGRESS, T0, null, "{}", null, null, null),
                    List.of(pending)).orElseThrow();
            assertThrows(StorageException.class, () -> executions.updateTarget(run,
                    pending.finish(ExecutionStatus.SUCCESS, ExecutionStatus.SUCCESS, T0), "{Success=1}"));
            assertEquals(ExecutionStatus.IN_PROGRESS, executions.targets(executionId,
                    new ExecutionStore.TargetQuery(null, null, null), null, 10).get(0).status());
            assertEquals(List.of(), executions.instanceStatuses(TENANT, "mi-00000000000000001", null, 10));
        }
    }
}
