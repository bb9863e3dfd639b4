package steward.storage.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import steward.node.agent.messages.AgentInvocation;
import steward.node.agent.messages.AgentMessage;
import steward.node.agent.messages.MessageStore;
import steward.storage.Database;
import steward.tenant.Tenant;

/** ec2messages in portable SQL. */
public final class SqlMessageStore implements MessageStore {
    private static final String MESSAGE = "message_id, account_id, region, instance_id, command_id, topic, payload, "
            + "created_at, state";
    private static final String INVOCATION = "message_id, account_id, region, instance_id, command_id, status, "
            + "detailed_status, plugins, updated_at, delivery_deadline, execution_deadline, finished_at";
    private static final String FINAL_STATES = "('Acknowledged', 'Completed', 'Failed', 'Deleted')";

    private final Database database;

    public SqlMessageStore(Database database) {
        this.database = database;
    }

    @Override
    public void enqueue(AgentMessage m, AgentInvocation invocation) {
        database.writeCommitted(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO agent_message (" + MESSAGE
                    + ", visible_at, deliveries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
                insert.setString(1, m.messageId());
                insert.setString(2, m.tenant().accountId());
                insert.setString(3, m.tenant().region());
                insert.setString(4, m.instanceId());
                insert.setString(5, m.commandId());
                insert.setString(6, m.topic());
                insert.setString(7, m.payload());
                insert.setLong(8, m.createdDate().toEpochMilli());
                insert.setString(9, m.state().name());
                insert.setLong(10, m.createdDate().toEpochMilli());
                insert.executeUpdate();
            }
            if (invocation != null) {
                save(c, invocation);
            }
            return null;
        });
    }

    @Override
    public List<AgentMessage> deliver(String instanceId, Instant now, Instant hiddenUntil, int limit) {
        // Most polls find nothing: a read answers them without taking the writers' lock.
        boolean any = database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM agent_message WHERE instance_id = ? "
                    + "AND state IN ('Queued', 'Delivered') AND visible_at <= ? LIMIT 1")) {
                select.setString(1, instanceId);
                select.setLong(2, now.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
        if (!any) {
            return List.of();
        }
        // Rows another server's poll is claiming right now are passed over, not waited for or fought over.
        return database.writeCommitted(c -> {
            List<AgentMessage> due = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT " + MESSAGE + " FROM agent_message "
                    + "WHERE instance_id = ? AND state IN ('Queued', 'Delivered') AND visible_at <= ? ORDER BY seq LIMIT ?"
                    + database.forUpdate(true))) {
                select.setString(1, instanceId);
                select.setLong(2, now.toEpochMilli());
                select.setInt(3, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(message(rows));
                    }
                }
            }
            // Conditional as well, so a claim stays single even where rows are not locked.
            List<AgentMessage> delivered = new ArrayList<>();
            try (PreparedStatement update = c.prepareStatement("UPDATE agent_message SET state = 'Delivered', "
                    + "visible_at = ?, deliveries = deliveries + 1 WHERE message_id = ? "
                    + "AND state IN ('Queued', 'Delivered') AND visible_at <= ?")) {
                for (AgentMessage m : due) {
                    update.setLong(1, hiddenUntil.toEpochMilli());
                    update.setString(2, m.messageId());
                    update.setLong(3, now.toEpochMilli());
                    if (update.executeUpdate() == 1) {
                        delivered.add(m);
                    }
                }
            }
            return delivered;
        });
    }

    @Override
    public Optional<AgentMessage> find(String messageId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + MESSAGE
                    + " FROM agent_message WHERE message_id = ?")) {
                select.setString(1, messageId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(message(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean setState(String messageId, AgentMessage.State state, Instant at) {
        return database.writeCommitted(c -> {
            setState(c, messageId, state, at);
            try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM agent_message WHERE message_id = ?")) {
                select.setString(1, messageId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    private static void setState(Connection c, String messageId, AgentMessage.State state, Instant at)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE agent_message SET state = ?, "
                + "acked_at = COALESCE(acked_at, ?) WHERE message_id = ? AND (state NOT IN " + FINAL_STATES
                + " OR (state = 'Acknowledged' AND ? <> 'Acknowledged'))")) {
            update.setString(1, state.name());
            update.setLong(2, at.toEpochMilli());
            update.setString(3, messageId);
            update.setString(4, state.name());
            update.executeUpdate();
        }
    }

    @Override
    public boolean firstReply(String replyId, String messageId, Instant at) {
        return database.writeCommitted(c -> firstReply(c, replyId, messageId, at));
    }

    private static boolean firstReply(Connection c, String replyId, String messageId, Instant at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO agent_reply (reply_id, message_id, received_at) "
                + "VALUES (?, ?, ?) ON CONFLICT (reply_id) DO NOTHING")) {
            insert.setString(1, replyId);
            insert.setString(2, messageId);
            insert.setLong(3, at.toEpochMilli());
            return insert.executeUpdate() == 1;
        }
    }

    @Override
    public Recorded record(String instanceId, String messageId, String replyId, Instant at, Change change) {
        return database.writeCommitted(c -> {
            AgentMessage message;
            // Locked first, so every call on one message runs one after another across servers.
            try (PreparedStatement select = c.prepareStatement("SELECT " + MESSAGE
                    + " FROM agent_message WHERE message_id = ?" + database.forUpdate(false))) {
                select.setString(1, messageId);
                try (ResultSet rows = select.executeQuery()) {
                    message = rows.next() ? message(rows) : null;
                }
            }
            if (message == null || !message.instanceId().equals(instanceId)) {
                return null;
            }
            if (replyId != null && !firstReply(c, replyId, messageId, at)) {
                return new Recorded(message, false, null, null);
            }
            AgentInvocation before = null;
            try (PreparedStatement select = c.prepareStatement("SELECT " + INVOCATION
                    + " FROM agent_invocation WHERE message_id = ?")) {
                select.setString(1, messageId);
                try (ResultSet rows = select.executeQuery()) {
                    before = rows.next() ? invocation(rows) : null;
                }
            }
            Update update = change.apply(message, before == null || before.finished() ? null : before);
            if (update.state() != null) {
                setState(c, messageId, update.state(), at);
            }
            if (update.invocation() != null) {
                save(c, update.invocation());
            }
            return new Recorded(message, true, before, update.invocation() != null ? update.invocation() : before);
        });
    }

    @Override
    public Optional<AgentInvocation> invocation(String messageId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + INVOCATION
                    + " FROM agent_invocation WHERE message_id = ?")) {
                select.setString(1, messageId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(invocation(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void saveInvocation(AgentInvocation invocation) {
        database.writeCommitted(c -> {
            save(c, invocation);
            return null;
        });
    }

    private static void save(Connection c, AgentInvocation i) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO agent_invocation (" + INVOCATION
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET "
                + "status = excluded.status, detailed_status = excluded.detailed_status, plugins = excluded.plugins, "
                + "updated_at = excluded.updated_at, delivery_deadline = excluded.delivery_deadline, "
                + "execution_deadline = excluded.execution_deadline, finished_at = excluded.finished_at")) {
            upsert.setString(1, i.messageId());
            upsert.setString(2, i.tenant().accountId());
            upsert.setString(3, i.tenant().region());
            upsert.setString(4, i.instanceId());
            upsert.setString(5, i.commandId());
            upsert.setString(6, i.status());
            upsert.setString(7, i.detailedStatus());
            upsert.setString(8, JsonColumns.write(i.plugins()));
            upsert.setLong(9, i.updatedAt().toEpochMilli());
            upsert.setLong(10, i.deliveryDeadline().toEpochMilli());
            SqlColumns.setInstant(upsert, 11, i.executionDeadline());
            SqlColumns.setInstant(upsert, 12, i.finishedAt());
            upsert.executeUpdate();
        }
    }

    @Override
    public List<AgentInvocation> invocations(java.util.Collection<String> messageIds) {
        return among(messageIds, INVOCATION, SqlMessageStore::invocation);
    }

    @Override
    public List<Progress> progress(java.util.Collection<String> messageIds) {
        return among(messageIds, "message_id, execution_deadline, finished_at, updated_at", rows -> new Progress(
                rows.getString(1), rows.getObject(2) != null, rows.getObject(3) != null,
                Instant.ofEpochMilli(rows.getLong(4))));
    }

    private <T> List<T> among(java.util.Collection<String> messageIds, String columns, SqlColumns.Row<T> row) {
        return SqlColumns.readAmong(database, messageIds, marks -> "SELECT " + columns + " FROM agent_invocation "
                + "WHERE message_id IN (" + marks + ")", row);
    }

    @Override
    public long latestSeq() {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM agent_message");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Override
    public Queued queuedSince(long afterSeq, int limit) {
        return database.read(c -> {
            long max = afterSeq;
            java.util.Set<String> instances = new java.util.HashSet<>();
            try (PreparedStatement select = c.prepareStatement("SELECT seq, instance_id, state FROM agent_message "
                    + "WHERE seq > ? ORDER BY seq LIMIT ?")) {
                select.setLong(1, afterSeq);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        max = Math.max(max, rows.getLong(1));
                        if ("Queued".equals(rows.getString(3))) {
                            instances.add(rows.getString(2));
                        }
                    }
                }
            }
            return new Queued(instances, max);
        });
    }

    @Override
    public boolean withdraw(String messageId, Instant at) {
        return database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE agent_message SET state = 'Deleted' "
                    + "WHERE message_id = ? AND state IN ('Queued', 'Delivered') AND NOT EXISTS (SELECT 1 FROM "
                    + "agent_invocation i WHERE i.message_id = agent_message.message_id AND i.status <> 'Pending')")) {
                update.setString(1, messageId);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<AgentMessage> dropPending(String instanceId) {
        return database.write(c -> {
            List<AgentMessage> pending = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT " + MESSAGE + " FROM agent_message "
                    + "WHERE instance_id = ? AND state IN ('Queued', 'Delivered')")) {
                select.setString(1, instanceId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        pending.add(message(rows));
                    }
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE agent_message SET state = 'Deleted' "
                    + "WHERE instance_id = ? AND state IN ('Queued', 'Delivered')")) {
                update.setString(1, instanceId);
                update.executeUpdate();
            }
            return pending;
        });
    }

    @Override
    public int forget(Instant repliesBefore, Instant finishedBefore) {
        return database.write(c -> {
            int removed = 0;
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM agent_reply WHERE received_at < ?")) {
                delete.setLong(1, repliesBefore.toEpochMilli());
                removed += delete.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM agent_message WHERE state NOT IN "
                    + "('Queued', 'Delivered') AND created_at < ? AND NOT EXISTS (SELECT 1 FROM agent_invocation i "
                    + "WHERE i.message_id = agent_message.message_id AND i.finished_at IS NULL)")) {
                delete.setLong(1, finishedBefore.toEpochMilli());
                removed += delete.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM agent_invocation WHERE finished_at IS NOT NULL AND finished_at < ?")) {
                delete.setLong(1, finishedBefore.toEpochMilli());
                removed += delete.executeUpdate();
            }
            return removed;
        });
    }

    // By position (the order of MESSAGE and INVOCATION, which every query selecting them starts
    // with): a lookup by name makes sqlite-jdbc read every column's name over JNI, once a query.
    private static AgentMessage message(ResultSet rows) throws SQLException {
        return new AgentMessage(rows.getString(1), new Tenant(rows.getString(2), rows.getString(3)), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7), Instant.ofEpochMilli(rows.getLong(8)),
                AgentMessage.State.valueOf(rows.getString(9)));
    }

    private static AgentInvocation invocation(ResultSet rows) throws SQLException {
        return new AgentInvocation(rows.getString(1), new Tenant(rows.getString(2), rows.getString(3)), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7), JsonColumns.read(rows.getString(8), ObjectNode.class),
                Instant.ofEpochMilli(rows.getLong(9)), Instant.ofEpochMilli(rows.getLong(10)),
                SqlColumns.instant(rows, 11), SqlColumns.instant(rows, 12));
    }
}
