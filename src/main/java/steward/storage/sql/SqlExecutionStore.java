package steward.storage.sql;

import static steward.storage.sql.SqlColumns.bind;
import static steward.storage.sql.SqlColumns.instant;
import static steward.storage.sql.SqlColumns.setInstant;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import steward.association.AlarmConfiguration;
import steward.association.AlarmStateInformation;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionQuery;
import steward.execution.ExecutionStatus;
import steward.execution.ExecutionTarget;
import steward.execution.InstanceAssociationStatus;
import steward.storage.Database;
import steward.storage.ExecutionStore;
import steward.storage.Lease;
import steward.tenant.Tenant;

/** The run history in portable SQL. */
public final class SqlExecutionStore implements ExecutionStore {
    private static final String RUN_COLUMNS = "seq, account_id, region, association_id, association_version, execution_id, "
            + "status, detailed_status, created_at, last_execution_at, resource_counts, alarm_configuration, triggered_alarms, "
            + "scheduled_for";
    private static final String TARGET_COLUMNS = "execution_id, resource_id, resource_type, status, detailed_status, "
            + "last_execution_at, output_source_id";
    private static final TypeReference<List<AlarmStateInformation>> ALARM_STATES = new TypeReference<>() {
    };

    private final Database database;
    private final TargetResultHook onTargetFinished;
    private final Lease lease;

    public SqlExecutionStore(Database database) {
        this(database, TargetResultHook.NONE);
    }

    /** {@code onTargetFinished} runs in the transaction that records each target's final result. */
    public SqlExecutionStore(Database database, TargetResultHook onTargetFinished) {
        this(database, onTargetFinished, Lease.NONE);
    }

    /** Runs this store creates are under {@code lease} from the start. */
    public SqlExecutionStore(Database database, TargetResultHook onTargetFinished, Lease lease) {
        this.database = database;
        this.onTargetFinished = onTargetFinished;
        this.lease = lease;
    }

    @Override
    public Optional<AssociationExecution> start(AssociationExecution e, List<ExecutionTarget> targets, boolean fullRun) {
        return database.write(c -> {
            Optional<AssociationExecution> stored = insertRun(c, e, fullRun);
            if (stored.isPresent()) {
                insertTargets(c, targets);
            }
            return stored;
        });
    }

    @Override
    public List<AssociationExecution> startScheduled(List<ScheduledStart> starts) {
        return database.write(c -> {
            List<AssociationExecution> created = new ArrayList<>();
            try (PreparedStatement advance = c.prepareStatement(
                    "UPDATE association SET next_due_at = ? WHERE association_id = ? AND next_due_at = ?")) {
                for (ScheduledStart start : starts) {
                    insertRun(c, start.execution(), true).ifPresent(created::add);
                    setInstant(advance, 1, start.nextDue());
                    advance.setString(2, start.execution().associationId());
                    advance.setLong(3, start.due().toEpochMilli());
                    advance.addBatch();
                }
                advance.executeBatch();
            }
            return created;
        });
    }

    @Override
    public void importRuns(List<AssociationExecution> runs) {
        database.write(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO association_execution (account_id, region, "
                    + "association_id, association_version, execution_id, status, detailed_status, created_at, "
                    + "last_execution_at, resource_counts, alarm_configuration, triggered_alarms, scheduled_for) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AssociationExecution e : runs) {
                    bindRun(insert, e);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void addTargets(AssociationExecution e, List<ExecutionTarget> targets, String resourceCountByStatus) {
        database.write(c -> {
            insertTargets(c, targets);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE association_execution SET resource_counts = ? WHERE execution_id = ?")) {
                update.setString(1, resourceCountByStatus);
                update.setString(2, e.executionId());
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Inserts the run, under this store's lease, unless its association is gone or its due time already has a run. */
    private Optional<AssociationExecution> insertRun(Connection c, AssociationExecution e, boolean fullRun)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO association_execution (account_id, region, "
                + "association_id, association_version, execution_id, status, detailed_status, created_at, "
                + "last_execution_at, resource_counts, alarm_configuration, triggered_alarms, scheduled_for, owner, "
                + "lease_until, full_run) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + (fullRun ? 1 : 0)
                + " WHERE EXISTS (SELECT 1 FROM association WHERE association_id = ?) ON CONFLICT DO NOTHING",
                Statement.RETURN_GENERATED_KEYS)) {
            bindRun(insert, e);
            insert.setString(14, lease.owner());
            Long until = lease.untilMillis();
            if (until == null) {
                insert.setNull(15, java.sql.Types.BIGINT);
            } else {
                insert.setLong(15, until);
            }
            insert.setString(16, e.associationId());
            if (insert.executeUpdate() == 0) {
                return Optional.empty();
            }
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return Optional.of(e.withSeq(keys.getLong(1)));
            }
        }
    }

    private static void bindRun(PreparedStatement insert, AssociationExecution e) throws SQLException {
        insert.setString(1, e.tenant().accountId());
        insert.setString(2, e.tenant().region());
        insert.setString(3, e.associationId());
        insert.setInt(4, e.associationVersion());
        insert.setString(5, e.executionId());
        insert.setString(6, e.status());
        insert.setString(7, e.detailedStatus());
        insert.setLong(8, e.createdTime().toEpochMilli());
        setInstant(insert, 9, e.lastExecutionDate());
        insert.setString(10, e.resourceCountByStatus());
        insert.setString(11, e.alarmConfiguration() == null ? null : JsonColumns.write(e.alarmConfiguration()));
        insert.setString(12, e.triggeredAlarms() == null ? null : JsonColumns.write(e.triggeredAlarms()));
        setInstant(insert, 13, e.scheduledFor());
    }

    private static void insertTargets(Connection c, List<ExecutionTarget> targets) throws SQLException {
        if (targets.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO association_execution_target ("
                + TARGET_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (ExecutionTarget t : targets) {
                bindTarget(insert, t);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public void updateRun(String executionId, String status, String detailedStatus, Instant lastExecutionDate,
                          String resourceCountByStatus, List<AlarmStateInformation> triggeredAlarms) {
        database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE association_execution SET status = ?, "
                    + "detailed_status = ?, last_execution_at = COALESCE(?, last_execution_at), resource_counts = ?, "
                    + "triggered_alarms = COALESCE(?, triggered_alarms) WHERE execution_id = ?")) {
                update.setString(1, status);
                update.setString(2, detailedStatus);
                setInstant(update, 3, lastExecutionDate);
                update.setString(4, resourceCountByStatus);
                update.setString(5, triggeredAlarms == null ? null : JsonColumns.write(triggeredAlarms));
                update.setString(6, executionId);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public void updateTarget(AssociationExecution e, ExecutionTarget t, String resourceCountByStatus) {
        database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE association_execution_target SET status = ?, "
                    + "detailed_status = ?, last_execution_at = ? WHERE execution_id = ? AND resource_id = ?")) {
                update.setString(1, t.status());
                update.setString(2, t.detailedStatus());
                setInstant(update, 3, t.lastExecutionDate());
                update.setString(4, t.executionId());
                update.setString(5, t.resourceId());
                if (update.executeUpdate() == 0) {
                    return null;
                }
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE association_execution SET resource_counts = ? WHERE execution_id = ?")) {
                update.setString(1, resourceCountByStatus);
                update.setString(2, e.executionId());
                update.executeUpdate();
            }
            if (ExecutionStatus.isFinal(t.status()) && t.lastExecutionDate() != null) {
                upsertInstanceStatus(c, e, t);
                onTargetFinished.targetFinished(c, e, t);
            }
            return null;
        });
    }

    private static void upsertInstanceStatus(Connection c, AssociationExecution e, ExecutionTarget t) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO instance_association_status (account_id, "
                + "region, instance_id, association_id, association_version, execution_id, status, detailed_status, "
                + "execution_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, instance_id, "
                + "association_id) DO UPDATE SET association_version = excluded.association_version, execution_id = "
                + "excluded.execution_id, status = excluded.status, detailed_status = excluded.detailed_status, "
                + "execution_at = excluded.execution_at")) {
            upsert.setString(1, e.tenant().accountId());
            upsert.setString(2, e.tenant().region());
            upsert.setString(3, t.resourceId());
            upsert.setString(4, e.associationId());
            upsert.setInt(5, e.associationVersion());
            upsert.setString(6, e.executionId());
            upsert.setString(7, t.status());
            upsert.setString(8, t.detailedStatus());
            upsert.setLong(9, t.lastExecutionDate().toEpochMilli());
            upsert.executeUpdate();
        }
    }

    @Override
    public Optional<AssociationExecution> find(Tenant tenant, String associationId, String executionId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM association_execution "
                    + "WHERE execution_id = ? AND association_id = ? AND account_id = ? AND region = ?")) {
                select.setString(1, executionId);
                select.setString(2, associationId);
                select.setString(3, tenant.accountId());
                select.setString(4, tenant.region());
                List<AssociationExecution> runs = runs(select);
                return runs.stream().findFirst();
            }
        });
    }

    @Override
    public List<AssociationExecution> page(Tenant tenant, String associationId, ExecutionQuery q, Position after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM association_execution "
                + "WHERE association_id = ? AND account_id = ? AND region = ?");
        List<Object> args = new ArrayList<>(List.of(associationId, tenant.accountId(), tenant.region()));
        if (q.executionId() != null) {
            sql.append(" AND execution_id = ?");
            args.add(q.executionId());
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status());
        }
        if (q.createdFrom() != null) {
            sql.append(" AND created_at >= ?");
            args.add(q.createdFrom().toEpochMilli());
        }
        if (q.createdBefore() != null) {
            sql.append(" AND created_at < ?");
            args.add(q.createdBefore().toEpochMilli());
        }
        if (after != null) {
            sql.append(" AND (created_at, seq) < (?, ?)");
            args.add(after.createdMillis());
            args.add(after.seq());
        }
        sql.append(" ORDER BY created_at DESC, seq DESC LIMIT ?");
        args.add(limit);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                return runs(select, tenant, associationId);
            }
        });
    }

    @Override
    public List<ExecutionTarget> targets(String executionId, TargetQuery q, String afterResourceId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + TARGET_COLUMNS
                + " FROM association_execution_target WHERE execution_id = ?");
        List<Object> args = new ArrayList<>(List.of(executionId));
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status());
        }
        if (q.resourceId() != null) {
            sql.append(" AND resource_id = ?");
            args.add(q.resourceId());
        }
        if (q.resourceType() != null) {
            sql.append(" AND resource_type = ?");
            args.add(q.resourceType());
        }
        if (afterResourceId != null) {
            sql.append(" AND resource_id > ?");
            args.add(afterResourceId);
        }
        sql.append(" ORDER BY resource_id LIMIT ?");
        args.add(limit);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                List<ExecutionTarget> targets = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        targets.add(new ExecutionTarget(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), instant(rows, 6), rows.getString(7)));
                    }
                }
                return targets;
            }
        });
    }

    @Override
    public List<AssociationExecution> inFlight() {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + RUN_COLUMNS
                    + " FROM association_execution WHERE status IN ('Pending', 'InProgress') ORDER BY seq")) {
                return runs(select);
            }
        });
    }

    @Override
    public int renewLeases(String owner, Instant until) {
        return database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE association_execution SET lease_until = ? "
                    + "WHERE owner = ? AND status IN ('Pending', 'InProgress')")) {
                update.setLong(1, until.toEpochMilli());
                update.setString(2, owner);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public List<AssociationExecution> expiredLeases(Instant now, int limit) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM association_execution "
                    + "WHERE status IN ('Pending', 'InProgress') AND (lease_until IS NULL OR lease_until < ?) "
                    + "ORDER BY seq LIMIT ?")) {
                select.setLong(1, now.toEpochMilli());
                select.setInt(2, limit);
                return runs(select);
            }
        });
    }

    @Override
    public boolean takeOver(String executionId, String owner, Instant now, Instant until) {
        // One statement decides: the row changes for whichever server's UPDATE reaches it first;
        // the others find the lease renewed (PostgreSQL re-checks the WHERE after the row lock).
        return database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE association_execution SET owner = ?, "
                    + "lease_until = ? WHERE execution_id = ? AND status IN ('Pending', 'InProgress') "
                    + "AND (lease_until IS NULL OR lease_until < ?)")) {
                update.setString(1, owner);
                update.setLong(2, until.toEpochMilli());
                update.setString(3, executionId);
                update.setLong(4, now.toEpochMilli());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public java.util.Map<String, Long> newestFullRuns(java.util.Collection<String> associationIds) {
        java.util.Map<String, Long> newest = new java.util.HashMap<>();
        SqlColumns.readAmong(database, associationIds, marks -> "SELECT association_id, MAX(seq) FROM "
                + "association_execution WHERE association_id IN (" + marks + ") AND full_run = 1 "
                + "GROUP BY association_id", rows -> java.util.Map.entry(rows.getString(1), rows.getLong(2)))
                .forEach(e -> newest.put(e.getKey(), e.getValue()));
        return newest;
    }

    @Override
    public void releaseLeases(String owner) {
        database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE association_execution SET lease_until = 0 "
                    + "WHERE owner = ? AND status IN ('Pending', 'InProgress')")) {
                update.setString(1, owner);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public java.util.Map<String, String> leaseOwners(java.util.Collection<String> executionIds) {
        java.util.Map<String, String> owners = new java.util.HashMap<>();
        SqlColumns.readAmong(database, executionIds, marks -> "SELECT execution_id, owner, status FROM "
                + "association_execution WHERE execution_id IN (" + marks + ")", rows -> {
                    String owner = rows.getString(2);
                    boolean inFlight = ExecutionStatus.PENDING.equals(rows.getString(3))
                            || ExecutionStatus.IN_PROGRESS.equals(rows.getString(3));
                    return java.util.Map.entry(rows.getString(1), inFlight && owner != null ? owner : "");
                }).forEach(e -> owners.put(e.getKey(), e.getValue()));
        return owners;
    }

    @Override
    public List<InstanceAssociationStatus> instanceStatuses(Tenant tenant, String instanceId, String afterAssociationId,
                                                            int limit) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT instance_id, association_id, association_version, "
                    + "execution_id, status, detailed_status, execution_at FROM instance_association_status "
                    + "WHERE account_id = ? AND region = ? AND instance_id = ? AND association_id > ? "
                    + "ORDER BY association_id LIMIT ?")) {
                bind(select, List.of(tenant.accountId(), tenant.region(), instanceId,
                        afterAssociationId == null ? "" : afterAssociationId, limit));
                List<InstanceAssociationStatus> statuses = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        statuses.add(new InstanceAssociationStatus(rows.getString(1), rows.getString(2), rows.getInt(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), instant(rows, 7)));
                    }
                }
                return statuses;
            }
        });
    }

    private static List<AssociationExecution> runs(PreparedStatement select) throws SQLException {
        return runs(select, null, null);
    }

    /**
     * Reads runs; when the query already fixed the tenant and association, their columns are
     * not read again for every row (text columns are the costly part of a page).
     */
    private static List<AssociationExecution> runs(PreparedStatement select, Tenant tenant, String associationId)
            throws SQLException {
        List<AssociationExecution> runs = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String alarms = rows.getString(12);
                String triggered = rows.getString(13);
                runs.add(new AssociationExecution(tenant != null ? tenant : new Tenant(rows.getString(2), rows.getString(3)),
                        rows.getLong(1), associationId != null ? associationId : rows.getString(4), rows.getInt(5), rows.getString(6), rows.getString(7), rows.getString(8),
                        Instant.ofEpochMilli(rows.getLong(9)), instant(rows, 10), rows.getString(11),
                        alarms == null ? null : JsonColumns.read(alarms, AlarmConfiguration.class),
                        triggered == null ? null : JsonColumns.read(triggered, ALARM_STATES), instant(rows, 14)));
            }
        }
        return runs;
    }

    private static void bindTarget(PreparedStatement insert, ExecutionTarget t) throws SQLException {
        insert.setString(1, t.executionId());
        insert.setString(2, t.resourceId());
        insert.setString(3, t.resourceType());
        insert.setString(4, t.status());
        insert.setString(5, t.detailedStatus());
        setInstant(insert, 6, t.lastExecutionDate());
        insert.setString(7, t.outputSourceId());
    }
}
