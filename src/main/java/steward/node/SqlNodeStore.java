package steward.node;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import steward.storage.Database;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/**
 * Managed nodes in portable SQL. Node tags live in the shared {@code resource_tag} table under
 * {@link NodeStore#RESOURCE_TYPE}, written here in the node's own transaction so a node is never
 * visible without the tags it was registered with.
 */
public final class SqlNodeStore implements NodeStore {
    private static final String COLUMNS = "account_id, region, instance_id, computer_name, platform_type, "
            + "platform_name, platform_version, agent_version, ip_address, ping_status, registration_at, last_ping_at, "
            + "behavior_status, behavior_duration_ms, behavior_exit_code, behavior_stdout, behavior_stderr, behavior_offline";

    private final Database database;

    public SqlNodeStore(Database database) {
        this.database = database;
    }

    @Override
    public boolean insert(ManagedNode node, List<Tag> tags) {
        return database.write(c -> {
            if (exists(c, node.tenant(), node.instanceId())) {
                return false;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO managed_node (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, node.tenant().accountId());
                insert.setString(2, node.tenant().region());
                insert.setString(3, node.instanceId());
                insert.setString(4, node.computerName());
                insert.setString(5, node.platformType());
                insert.setString(6, node.platformName());
                insert.setString(7, node.platformVersion());
                insert.setString(8, node.agentVersion());
                insert.setString(9, node.ipAddress());
                insert.setString(10, node.pingStatus());
                insert.setLong(11, node.registrationDate().toEpochMilli());
                insert.setLong(12, node.lastPingDateTime().toEpochMilli());
                bindBehavior(insert, 13, node.behavior());
                insert.executeUpdate();
            }
            insertTags(c, node, tags);
            return true;
        });
    }

    @Override
    public Optional<ManagedNode> find(Tenant tenant, String instanceId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM managed_node WHERE account_id = ? AND region = ? AND instance_id = ?")) {
                bindNode(select, tenant, instanceId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(node(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean setBehavior(Tenant tenant, String instanceId, NodeBehavior behavior) {
        return database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE managed_node SET behavior_status = ?, "
                    + "behavior_duration_ms = ?, behavior_exit_code = ?, behavior_stdout = ?, behavior_stderr = ?, "
                    + "behavior_offline = ?, ping_status = ? WHERE account_id = ? AND region = ? AND instance_id = ? "
                    + "AND behavior_status IS NOT NULL")) {
                bindBehavior(update, 1, behavior);
                update.setString(7, behavior.offline() ? NodeService.CONNECTION_LOST : NodeService.ONLINE);
                update.setString(8, tenant.accountId());
                update.setString(9, tenant.region());
                update.setString(10, instanceId);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(Tenant tenant, String instanceId) {
        return database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM managed_node WHERE account_id = ? AND region = ? AND instance_id = ?")) {
                bindNode(delete, tenant, instanceId);
                if (delete.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM resource_tag WHERE account_id = ? "
                    + "AND region = ? AND resource_id = ? AND resource_type = '" + RESOURCE_TYPE + "'")) {
                bindNode(delete, tenant, instanceId);
                delete.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<ManagedNode> list(Tenant tenant, List<NodeCondition> conditions, String afterInstanceId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM managed_node n WHERE account_id = ? AND region = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.accountId(), tenant.region()));
        if (afterInstanceId != null) {
            sql.append(" AND instance_id > ?");
            args.add(afterInstanceId);
        }
        NodeConditionSql.append(sql, args, tenant, conditions);
        sql.append(" ORDER BY instance_id LIMIT ?");
        args.add(limit);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                List<ManagedNode> nodes = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        nodes.add(node(rows));
                    }
                }
                return nodes;
            }
        });
    }

    @Override
    public boolean matches(Tenant tenant, String instanceId, List<NodeCondition> conditions) {
        StringBuilder sql = new StringBuilder("SELECT 1 FROM managed_node n WHERE account_id = ? AND region = ? "
                + "AND instance_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.accountId(), tenant.region(), instanceId));
        NodeConditionSql.append(sql, args, tenant, conditions);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public List<Tag> tags(Tenant tenant, String instanceId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT tag_key, tag_value FROM resource_tag WHERE "
                    + "account_id = ? AND region = ? AND resource_id = ? AND resource_type = '" + RESOURCE_TYPE
                    + "' ORDER BY tag_key")) {
                bindNode(select, tenant, instanceId);
                List<Tag> tags = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        tags.add(new Tag(rows.getString(1), rows.getString(2)));
                    }
                }
                return tags;
            }
        });
    }

    @Override
    public Map<String, List<Tag>> allTags(Tenant tenant) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT resource_id, tag_key, tag_value FROM resource_tag "
                    + "WHERE account_id = ? AND region = ? AND resource_type = '" + RESOURCE_TYPE
                    + "' ORDER BY resource_id, tag_key")) {
                select.setString(1, tenant.accountId());
                select.setString(2, tenant.region());
                Map<String, List<Tag>> tags = new LinkedHashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        tags.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
                                .add(new Tag(rows.getString(2), rows.getString(3)));
                    }
                }
                return Collections.unmodifiableMap(tags);
            }
        });
    }

    private static boolean exists(Connection c, Tenant tenant, String instanceId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT 1 FROM managed_node WHERE account_id = ? AND region = ? AND instance_id = ?")) {
            bindNode(select, tenant, instanceId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void insertTags(Connection c, ManagedNode node, List<Tag> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO resource_tag (account_id, region, "
                + "resource_type, resource_id, tag_key, tag_value) VALUES (?, ?, '" + RESOURCE_TYPE + "', ?, ?, ?)")) {
            for (Tag tag : tags) {
                bindNode(insert, node.tenant(), node.instanceId());
                insert.setString(4, tag.key());
                insert.setString(5, tag.value());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void bindNode(PreparedStatement statement, Tenant tenant, String instanceId) throws SQLException {
        statement.setString(1, tenant.accountId());
        statement.setString(2, tenant.region());
        statement.setString(3, instanceId);
    }

    private static void bind(PreparedStatement statement, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
    }

    /** Binds the six behavior columns from {@code first} on; all null for a real agent. */
    private static void bindBehavior(PreparedStatement statement, int first, NodeBehavior behavior) throws SQLException {
        if (behavior == null) {
            statement.setNull(first, Types.VARCHAR);
            statement.setNull(first + 1, Types.BIGINT);
            statement.setNull(first + 2, Types.INTEGER);
            statement.setNull(first + 3, Types.VARCHAR);
            statement.setNull(first + 4, Types.VARCHAR);
            statement.setNull(first + 5, Types.INTEGER);
            return;
        }
        statement.setString(first, behavior.status());
        statement.setLong(first + 1, behavior.durationMillis());
        if (behavior.exitCode() == null) {
            statement.setNull(first + 2, Types.INTEGER);
        } else {
            statement.setInt(first + 2, behavior.exitCode());
        }
        statement.setString(first + 3, behavior.stdout());
        statement.setString(first + 4, behavior.stderr());
        statement.setInt(first + 5, behavior.offline() ? 1 : 0);
    }

    private static ManagedNode node(ResultSet rows) throws SQLException {
        String behaviorStatus = rows.getString("behavior_status");
        NodeBehavior behavior = null;
        if (behaviorStatus != null) {
            int exit = rows.getInt("behavior_exit_code");
            Integer exitCode = rows.wasNull() ? null : exit;
            behavior = new NodeBehavior(behaviorStatus, rows.getLong("behavior_duration_ms"), exitCode,
                    rows.getString("behavior_stdout"), rows.getString("behavior_stderr"),
                    rows.getInt("behavior_offline") == 1);
        }
        return new ManagedNode(new Tenant(rows.getString("account_id"), rows.getString("region")),
                rows.getString("instance_id"), rows.getString("computer_name"), rows.getString("platform_type"),
                rows.getString("platform_name"), rows.getString("platform_version"), rows.getString("agent_version"),
                rows.getString("ip_address"), rows.getString("ping_status"),
                Instant.ofEpochMilli(rows.getLong("registration_at")), Instant.ofEpochMilli(rows.getLong("last_ping_at")),
                behavior);
    }

    @Override
    public boolean reportHealth(Tenant tenant, String instanceId, HealthReport r, Instant at) {
        return database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE managed_node SET ping_status = 'Online', "
                    + "last_ping_at = ?, agent_version = COALESCE(?, agent_version), "
                    + "platform_type = COALESCE(?, platform_type), platform_name = COALESCE(?, platform_name), "
                    + "platform_version = COALESCE(?, platform_version), ip_address = COALESCE(?, ip_address), "
                    + "computer_name = COALESCE(?, computer_name) "
                    + "WHERE account_id = ? AND region = ? AND instance_id = ?")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, r.agentVersion());
                update.setString(3, r.platformType());
                update.setString(4, r.platformName());
                update.setString(5, r.platformVersion());
                update.setString(6, r.ipAddress());
                update.setString(7, r.computerName());
                update.setString(8, tenant.accountId());
                update.setString(9, tenant.region());
                update.setString(10, instanceId);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int markConnectionLost(Tenant tenant, Instant cutoff) {
        return database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE managed_node SET ping_status = 'ConnectionLost' "
                    + "WHERE account_id = ? AND region = ? AND behavior_status IS NULL AND ping_status = 'Online' "
                    + "AND last_ping_at < ?")) {
                update.setString(1, tenant.accountId());
                update.setString(2, tenant.region());
                update.setLong(3, cutoff.toEpochMilli());
                return update.executeUpdate();
            }
        });
    }

    @Override
    public int agentsOnline(Instant since) {
        return database.read(c -> {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM managed_node "
                    + "WHERE behavior_status IS NULL AND ping_status = 'Online' AND last_ping_at >= ?")) {
                count.setLong(1, since.toEpochMilli());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }
}
