package steward.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import steward.association.Target;
import steward.schedule.ManualClock;
import steward.storage.sql.SqlCommandStore;
import steward.storage.sqlite.SqliteDatabase;
import steward.tenant.Tenant;
import steward.testing.TestServer;

/** The retention deletes what ended before it, in batches until none is left, and nothing else. */
class CommandRetentionTest {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void commandsOlderThanTheRetentionGoInBatchesTheRestStays() throws Exception {
        Path dir = Files.createTempDirectory("steward-retention");
        try (SqliteDatabase database = new SqliteDatabase(dir)) {
            SqlCommandStore store = new SqlCommandStore(database);
            List<String> old = new ArrayList<>();
            for (int i = 0; i < CommandRetention.BATCH * 2 + 7; i++) {
                old.add(ended(store, T0));
            }
            String recent = ended(store, T0.plus(Duration.ofDays(9)));
            String running = ended(store, null);
            ManualClock clock = new ManualClock(T0.plus(Duration.ofDays(10)));
            int deleted = new CommandRetention(store, Duration.ofDays(7), clock).prune();
            assertEquals(old.size(), deleted);
            assertTrue(store.find(TENANT, old.get(0)).isEmpty());
            assertTrue(store.invocationsOf(TENANT, old.get(0)).isEmpty());
            assertTrue(store.find(TENANT, recent).isPresent());
            assertTrue(store.find(TENANT, running).isPresent(), "a command still running is never pruned");
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    private static String ended(SqlCommandStore store, Instant endedAt) {
        String id = UUID.randomUUID().toString();
        CommandDefinition d = new CommandDefinition(null, Map.of(), List.of(), List.of(new Target("tag:x", List.of("y"))),
                null, null, null, "50", "0", null, null, null, 3600, null, 3600);
        CommandState state = endedAt == null ? CommandState.pending(1)
                : new CommandState("Success", "Success", 1, 1, 0, 0, endedAt);
        Command command = new Command(TENANT, 0, id, Command.RUN_COMMAND, null, "AWS-RunShellScript", "1", T0, T0, state,
                d, null);
        Invocation invocation = new Invocation(TENANT, id, "mi-00000000000000001", 0, Command.RUN_COMMAND, "host",
                state.status(), state.statusDetails(), T0, 0, T0, endedAt, "", "", List.of());
        store.insert(List.of(command), List.of(invocation));
        return id;
    }
}
