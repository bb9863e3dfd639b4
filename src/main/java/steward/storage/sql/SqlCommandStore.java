package steward.storage.sql;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import steward.association.AlarmStateInformation;
import steward.command.Command;
import steward.command.CommandDefinition;
import steward.command.CommandState;
import steward.command.Invocation;
import steward.storage.CommandStore;
import steward.storage.Database;
import steward.storage.Lease;
import steward.tenant.Tenant;

/** Commands and invocations in portable SQL. */
public final class SqlCommandStore implements CommandStore {
    static final String COMMAND_COLUMNS = "seq, account_id, region, command_id, origin, association_id, "
            + "document_name, document_version, requested_at, expires_after, status, status_details, target_count, "
            + "completed_count, error_count, delivery_timed_out_count, definition, triggered_alarms, ended_at";
    static final String INVOCATION_COLUMNS = "command_id, instance_id, account_id, region, command_seq, origin, "
            + "instance_name, status, status_details, requested_at, response_code, started_at, ended_at, "
            + "standard_output, standard_error, plugins";
    private static final TypeReference<List<AlarmStateInformation>> ALARM_STATES = new TypeReference<>() {
    };
    private static final TypeReference<List<Invocation.PluginOutput>> PLUGINS = new TypeReference<>() {
    };

    private final Database database;
    private final SqlCommandReads reads;
    private final Lease lease;

    public SqlCommandStore(Database database) {
        this(database, Lease.NONE);
    }

    /** Run Command commands this store inserts are under {@code lease} from the start. */
    public SqlCommandStore(Database database, Lease lease) {
        this.database = database;
        this.reads = new SqlCommandReads(database);
        this.lease = lease;
    }

    @Override
    public List<Command> insert(List<Command> commands, List<Invocation> invocations) {
        return database.write(c -> {
            List<Command> stored = new ArrayList<>();
            Map<String, Long> seqs = new HashMap<>();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO command (" + COMMAND_COLUMNS.substring(5)
                    + ", owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (Command command : commands) {
                    bindCommand(insert, command);
                    Long until = Command.RUN_COMMAND.equals(command.origin()) ? lease.untilMillis() : null;
                    insert.setString(19, until == null ? null : lease.owner());
                    if (until == null) {
                        insert.setNull(20, java.sql.Types.BIGINT);
                    } else {
                        insert.setLong(20, until);
                    }
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        long seq = keys.getLong(1);
                        seqs.put(command.commandId(), seq);
                        stored.add(command.withSeq(seq));
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO command_invocation (" + INVOCATION_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Invocation invocation : invocations) {
                    bindInvocation(insert, invocation, seqs.getOrDefault(invocation.commandId(), invocation.commandSeq()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return stored;
        });
    }

    private static void bindCommand(PreparedStatement insert, Command command) throws SQLException {
        insert.setString(1, command.tenant().accountId());
        insert.setString(2, command.tenant().region());
        insert.setString(3, command.commandId());
        insert.setString(4, command.origin());
        insert.setString(5, command.associationId());
        insert.setString(6, command.documentName());
        insert.setString(7, command.documentVersion());
        setInstant(insert, 8, command.requestedAt());
        setInstant(insert, 9, command.expiresAfter());
        CommandState state = command.state();
        insert.setString(10, state.status());
        insert.setString(11, state.statusDetails());
        insert.setInt(12, state.targetCount());
        insert.setInt(13, state.completedCount());
        insert.setInt(14, state.errorCount());
        insert.setInt(15, state.deliveryTimedOutCount());
        insert.setString(16, JsonColumns.write(command.definition()));
        insert.setString(17, command.triggeredAlarms() == null ? null : JsonColumns.write(command.triggeredAlarms()));
        setInstant(insert, 18, state.endedAt());
    }

    private static void bindInvocation(PreparedStatement insert, Invocation i, long commandSeq) throws SQLException {
        insert.setString(1, i.commandId());
        insert.setString(2, i.instanceId());
        insert.setString(3, i.tenant().accountId());
        insert.setString(4, i.tenant().region());
        insert.setLong(5, commandSeq);
        insert.setString(6, i.origin());
        insert.setString(7, i.instanceName());
        insert.setString(8, i.status());
        insert.setString(9, i.statusDetails());
        setInstant(insert, 10, i.requestedAt());
        insert.setInt(11, i.responseCode());
        setInstant(insert, 12, i.startedAt());
        setInstant(insert, 13, i.endedAt());
        insert.setString(14, i.standardOutput());
        insert.setString(15, i.standardError());
        insert.setString(16, JsonColumns.write(i.plugins()));
    }

    @Override
    public void updateInvocation(Invocation invocation, CommandState commandState) {
        updateInvocations(List.of(invocation), invocation.commandId(), commandState);
    }

    @Override
    public void updateInvocations(List<Invocation> invocations, String commandId, CommandState commandState) {
        database.write(c -> {
            writeInvocations(c, invocations);
            writeState(c, commandId, commandState, null, false);
            return null;
        });
    }

    private static void writeInvocations(Connection c, List<Invocation> invocations) throws SQLException {
        if (invocations.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE command_invocation SET status = ?, "
                + "status_details = ?, response_code = ?, started_at = ?, ended_at = ?, standard_output = ?, "
                + "standard_error = ?, plugins = ? WHERE command_id = ? AND instance_id = ?")) {
            for (Invocation i : invocations) {
                update.setString(1, i.status());
                update.setString(2, i.statusDetails());
                update.setInt(3, i.responseCode());
                setInstant(update, 4, i.startedAt());
                setInstant(update, 5, i.endedAt());
                update.setString(6, i.standardOutput());
                update.setString(7, i.standardError());
                update.setString(8, JsonColumns.write(i.plugins()));
                update.setString(9, i.commandId());
                update.setString(10, i.instanceId());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    @Override
    public void finish(String commandId, List<Invocation> ended, CommandState state,
                       List<AlarmStateInformation> triggeredAlarms) {
        database.write(c -> {
            writeInvocations(c, ended);
            writeState(c, commandId, state, triggeredAlarms, true);
            return null;
        });
    }

    @Override
    public void updateCommand(String commandId, CommandState state, List<AlarmStateInformation> triggeredAlarms) {
        database.write(c -> {
            writeState(c, commandId, state, triggeredAlarms, true);
            return null;
        });
    }

    private static void writeState(Connection c, String commandId, CommandState s, List<AlarmStateInformation> alarms,
                                   boolean withAlarms) throws SQLException {
        String sql = "UPDATE command SET status = ?, status_details = ?, target_count = ?, completed_count = ?, "
                + "error_count = ?, delivery_timed_out_count = ?, ended_at = ?"
                + (withAlarms ? ", triggered_alarms = ?" : "") + " WHERE command_id = ?";
        try (PreparedStatement update = c.prepareStatement(sql)) {
            update.setString(1, s.status());
            update.setString(2, s.statusDetails());
            update.setInt(3, s.targetCount());
            update.setInt(4, s.completedCount());
            update.setInt(5, s.errorCount());
            update.setInt(6, s.deliveryTimedOutCount());
            setInstant(update, 7, s.endedAt());
            int next = 8;
            if (withAlarms) {
                update.setString(next++, alarms == null ? null : JsonColumns.write(alarms));
            }
            update.setString(next, commandId);
            update.executeUpdate();
        }
    }

    @Override
    public Optional<Command> find(Tenant tenant, String commandId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COMMAND_COLUMNS
                    + " FROM command WHERE command_id = ? AND account_id = ? AND region = ?")) {
                select.setString(1, commandId);
                select.setString(2, tenant.accountId());
                select.setString(3, tenant.region());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(command(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Invocation> invocation(Tenant tenant, String commandId, String instanceId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + INVOCATION_COLUMNS + " FROM command_invocation "
                    + "WHERE command_id = ? AND instance_id = ? AND account_id = ? AND region = ?")) {
                select.setString(1, commandId);
                select.setString(2, instanceId);
                select.setString(3, tenant.accountId());
                select.setString(4, tenant.region());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(invocation(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Command> commands(Tenant tenant, Query query, Long beforeSeq, int limit) {
        return reads.commands(tenant, query, beforeSeq, limit);
    }

    @Override
    public List<Invocation> invocations(Tenant tenant, Query query, InvocationPosition after, int limit) {
        return reads.invocations(tenant, query, after, limit);
    }

    @Override
    public List<Invocation> invocationsOf(Tenant tenant, String commandId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + INVOCATION_COLUMNS + " FROM command_invocation "
                    + "WHERE command_id = ? AND account_id = ? AND region = ? ORDER BY instance_id")) {
                select.setString(1, commandId);
                select.setString(2, tenant.accountId());
                select.setString(3, tenant.region());
                return invocations(select);
            }
        });
    }

    static List<Invocation> invocations(PreparedStatement select) throws SQLException {
        List<Invocation> page = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                page.add(invocation(rows));
            }
        }
        return page;
    }

    @Override
    public int renewLeases(String owner, Instant until) {
        return database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE command SET lease_until = ? WHERE owner = ? "
                    + "AND status IN ('Pending', 'InProgress', 'Cancelling')")) {
                update.setLong(1, until.toEpochMilli());
                update.setString(2, owner);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public List<Command> expiredLeases(Instant now, int limit) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COMMAND_COLUMNS + " FROM command "
                    + "WHERE status IN ('Pending', 'InProgress', 'Cancelling') AND origin = 'RunCommand' "
                    + "AND (lease_until IS NULL OR lease_until < ?) ORDER BY seq LIMIT ?")) {
                select.setLong(1, now.toEpochMilli());
                select.setInt(2, limit);
                List<Command> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(command(rows));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public boolean takeOver(String commandId, String owner, Instant now, Instant until) {
        return database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE command SET owner = ?, lease_until = ? "
                    + "WHERE command_id = ? AND status IN ('Pending', 'InProgress', 'Cancelling') "
                    + "AND (lease_until IS NULL OR lease_until < ?)")) {
                update.setString(1, owner);
                update.setLong(2, until.toEpochMilli());
                update.setString(3, commandId);
                update.setLong(4, now.toEpochMilli());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void releaseLeases(String owner) {
        database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE command SET lease_until = 0 WHERE owner = ? "
                    + "AND status IN ('Pending', 'InProgress', 'Cancelling')")) {
                update.setString(1, owner);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public Map<String, String> leaseOwners(java.util.Collection<String> commandIds) {
        Map<String, String> owners = new HashMap<>();
        SqlColumns.readAmong(database, commandIds, marks -> "SELECT command_id, owner FROM command WHERE "
                + "command_id IN (" + marks + ") AND owner IS NOT NULL "
                + "AND status IN ('Pending', 'InProgress', 'Cancelling')",
                rows -> Map.entry(rows.getString(1), rows.getString(2)))
                .forEach(e -> owners.put(e.getKey(), e.getValue()));
        return owners;
    }

    @Override
    public void requestCancel(String commandId, List<String> instanceIds, Instant at) {
        database.write(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO command_cancel_request (command_id, "
                    + "instance_id, requested_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (String instanceId : instanceIds == null ? java.util.Collections.singletonList((String) null)
                        : instanceIds) {
                    insert.setString(1, commandId);
                    insert.setString(2, instanceId == null ? "" : instanceId);
                    insert.setLong(3, at.toEpochMilli());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<CancelRequest> cancelRequests(String owner) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT r.command_id, r.instance_id FROM "
                    + "command_cancel_request r JOIN command c ON c.command_id = r.command_id WHERE c.owner = ? "
                    + "ORDER BY r.requested_at")) {
                select.setString(1, owner);
                List<CancelRequest> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String instanceId = rows.getString(2);
                        found.add(new CancelRequest(rows.getString(1), instanceId.isEmpty() ? null : instanceId));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public void cancelRequestsDone(List<CancelRequest> done) {
        if (done.isEmpty()) {
            return;
        }
        database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM command_cancel_request WHERE command_id = ? AND instance_id = ?")) {
                for (CancelRequest request : done) {
                    delete.setString(1, request.commandId());
                    delete.setString(2, request.instanceId() == null ? "" : request.instanceId());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<Command> inFlight() {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COMMAND_COLUMNS
                    + " FROM command WHERE status IN ('Pending', 'InProgress', 'Cancelling') ORDER BY seq")) {
                List<Command> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(command(rows));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public int prune(Instant cutoff, int limit) {
        return database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM command WHERE command_id IN (SELECT command_id "
                    + "FROM command WHERE ended_at IS NOT NULL AND ended_at < ? ORDER BY ended_at LIMIT ?)")) {
                delete.setLong(1, cutoff.toEpochMilli());
                delete.setInt(2, limit);
                return delete.executeUpdate();
            }
        });
    }

    static Command command(ResultSet rows) throws SQLException {
        String alarms = rows.getString("triggered_alarms");
        return new Command(new Tenant(rows.getString("account_id"), rows.getString("region")), rows.getLong("seq"),
                rows.getString("command_id"), rows.getString("origin"), rows.getString("association_id"),
                rows.getString("document_name"), rows.getString("document_version"), instant(rows, "requested_at"),
                instant(rows, "expires_after"),
                new CommandState(rows.getString("status"), rows.getString("status_details"), rows.getInt("target_count"),
                        rows.getInt("completed_count"), rows.getInt("error_count"),
                        rows.getInt("delivery_timed_out_count"), instant(rows, "ended_at")),
                JsonColumns.read(rows.getString("definition"), CommandDefinition.class),
                alarms == null ? null : JsonColumns.read(alarms, ALARM_STATES));
    }

    private static Invocation invocation(ResultSet rows) throws SQLException {
        return new Invocation(new Tenant(rows.getString("account_id"), rows.getString("region")),
                rows.getString("command_id"), rows.getString("instance_id"), rows.getLong("command_seq"),
                rows.getString("origin"), rows.getString("instance_name"), rows.getString("status"),
                rows.getString("status_details"), instant(rows, "requested_at"), rows.getInt("response_code"),
                instant(rows, "started_at"), instant(rows, "ended_at"), rows.getString("standard_output"),
                rows.getString("standard_error"), JsonColumns.read(rows.getString("plugins"), PLUGINS));
    }
}
