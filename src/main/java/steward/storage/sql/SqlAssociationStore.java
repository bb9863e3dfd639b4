package steward.storage.sql;

import static steward.storage.sql.SqlColumns.bind;
import static steward.storage.sql.SqlColumns.instant;
import static steward.storage.sql.SqlColumns.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.association.AssociationOverview;
import steward.association.AssociationStatus;
import steward.association.AssociationVersion;
import steward.association.Target;
import steward.storage.AssociationQuery;
import steward.storage.AssociationStore;
import steward.storage.Database;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/** Associations in portable SQL; the schema lives in the dialect's Flyway migrations. */
public final class SqlAssociationStore implements AssociationStore {
    static final String RESOURCE_TYPE = "Association";
    private static final String COLUMNS = "seq, account_id, region, association_id, latest_version, overview, created_at, "
            + "updated_at, last_execution_at, last_success_at, instance_status, definition, next_due_at";

    private final Database database;

    public SqlAssociationStore(Database database) {
        this.database = database;
    }

    @Override
    public CreateOutcome create(Association a, List<Tag> tags, int limit) {
        return database.write(c -> {
            if (count(c, a.tenant()) >= limit) {
                return CreateOutcome.LIMIT_EXCEEDED;
            }
            AssociationDefinition d = a.definition();
            if (d.instanceId() != null && findByInstance(c, a.tenant(), d.name(), d.instanceId()).isPresent()) {
                return CreateOutcome.DUPLICATE_INSTANCE_ASSOCIATION;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO association (account_id, region, "
                    + "association_id, latest_version, document_name, association_name, instance_id, status_name, "
                    + "overview, created_at, updated_at, last_execution_at, last_success_at, instance_status, definition, "
                    + "next_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, a.tenant().accountId());
                insert.setString(2, a.tenant().region());
                insert.setString(3, a.associationId());
                insert.setInt(4, a.latestVersion());
                insert.setString(5, d.name());
                insert.setString(6, d.associationName());
                insert.setString(7, d.instanceId());
                insert.setString(8, a.overview().status());
                insert.setString(9, JsonColumns.write(a.overview()));
                insert.setLong(10, a.createdDate().toEpochMilli());
                insert.setLong(11, a.lastUpdateDate().toEpochMilli());
                setInstant(insert, 12, a.lastExecutionDate());
                setInstant(insert, 13, a.lastSuccessfulExecutionDate());
                insert.setString(14, a.instanceStatus() == null ? null : JsonColumns.write(a.instanceStatus()));
                insert.setString(15, JsonColumns.write(d));
                setInstant(insert, 16, a.nextDueDate());
                insert.executeUpdate();
            }
            insertVersion(c, a);
            replaceTargets(c, a);
            SqlTagStore.upsert(c, a.tenant(), RESOURCE_TYPE, a.associationId(), tags);
            return CreateOutcome.CREATED;
        });
    }

    @Override
    public Optional<Association> find(Tenant tenant, String associationId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM association WHERE association_id = ? AND account_id = ? AND region = ?")) {
                select.setString(1, associationId);
                select.setString(2, tenant.accountId());
                select.setString(3, tenant.region());
                return first(select);
            }
        });
    }

    @Override
    public boolean exists(Tenant tenant, String associationId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT 1 FROM association WHERE association_id = ? AND account_id = ? AND region = ?")) {
                select.setString(1, associationId);
                select.setString(2, tenant.accountId());
                select.setString(3, tenant.region());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public Optional<Association> findByInstance(Tenant tenant, String documentName, String instanceId) {
        return database.read(c -> findByInstance(c, tenant, documentName, instanceId));
    }

    private Optional<Association> findByInstance(Connection c, Tenant tenant, String documentName, String instanceId)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM association "
                + "WHERE account_id = ? AND region = ? AND document_name = ? AND instance_id = ?")) {
            select.setString(1, tenant.accountId());
            select.setString(2, tenant.region());
            select.setString(3, documentName);
            select.setString(4, instanceId);
            return first(select);
        }
    }

    @Override
    public Optional<AssociationVersion> findVersion(Tenant tenant, String associationId, int version) {
        List<AssociationVersion> versions = database.read(c -> versions(c, tenant, associationId,
                "v.version = ?", version, 1));
        return versions.stream().findFirst();
    }

    @Override
    public boolean appendVersion(Association a) {
        return database.write(c -> {
            AssociationDefinition d = a.definition();
            try (PreparedStatement update = c.prepareStatement("UPDATE association SET latest_version = ?, "
                    + "document_name = ?, association_name = ?, instance_id = ?, updated_at = ?, definition = ?, "
                    + "next_due_at = ? WHERE association_id = ? AND account_id = ? AND region = ? AND latest_version = ?")) {
                update.setInt(1, a.latestVersion());
                update.setString(2, d.name());
                update.setString(3, d.associationName());
                update.setString(4, d.instanceId());
                update.setLong(5, a.lastUpdateDate().toEpochMilli());
                update.setString(6, JsonColumns.write(d));
                setInstant(update, 7, a.nextDueDate());
                update.setString(8, a.associationId());
                update.setString(9, a.tenant().accountId());
                update.setString(10, a.tenant().region());
                update.setInt(11, a.latestVersion() - 1);
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
            insertVersion(c, a);
            replaceTargets(c, a);
            return true;
        });
    }

    @Override
    public boolean delete(Tenant tenant, String associationId) {
        return database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM association WHERE association_id = ? AND account_id = ? AND region = ?")) {
                delete.setString(1, associationId);
                delete.setString(2, tenant.accountId());
                delete.setString(3, tenant.region());
                if (delete.executeUpdate() == 0) {
                    return false;
                }
            }
            SqlTagStore.deleteAll(c, tenant, RESOURCE_TYPE, associationId);
            return true;
        });
    }

    @Override
    public boolean recordRun(Tenant tenant, String associationId, AssociationOverview overview, Instant lastExecutionDate,
                             Instant lastSuccessfulExecutionDate) {
        return database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE association SET status_name = ?, overview = ?, "
                    + "last_execution_at = COALESCE(?, last_execution_at), last_success_at = COALESCE(?, last_success_at) "
                    + "WHERE association_id = ? AND account_id = ? AND region = ?")) {
                update.setString(1, overview.status());
                update.setString(2, JsonColumns.write(overview));
                setInstant(update, 3, lastExecutionDate);
                setInstant(update, 4, lastSuccessfulExecutionDate);
                update.setString(5, associationId);
                update.setString(6, tenant.accountId());
                update.setString(7, tenant.region());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean setInstanceStatus(Tenant tenant, String associationId, AssociationStatus status) {
        return database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE association SET instance_status = ? "
                    + "WHERE association_id = ? AND account_id = ? AND region = ?")) {
                update.setString(1, JsonColumns.write(status));
                update.setString(2, associationId);
                update.setString(3, tenant.accountId());
                update.setString(4, tenant.region());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Association> due(Instant notAfter, int limit) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM association "
                    + "WHERE next_due_at IS NOT NULL AND next_due_at <= ? ORDER BY next_due_at, seq LIMIT ?")) {
                select.setLong(1, notAfter.toEpochMilli());
                select.setInt(2, limit);
                List<Association> due = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(association(rows));
                    }
                }
                return due;
            }
        });
    }

    @Override
    public Optional<Instant> earliestDue() {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT MIN(next_due_at) FROM association WHERE next_due_at IS NOT NULL")) {
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    long value = rows.getLong(1);
                    return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
                }
            }
        });
    }

    @Override
    public List<Association> list(Tenant tenant, AssociationQuery q, long afterSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM association a WHERE account_id = ? AND region = ? AND seq > ?");
        List<Object> args = new ArrayList<>(List.of(tenant.accountId(), tenant.region(), afterSeq));
        if (q.instanceId() != null) {
            sql.append(" AND (instance_id = ? OR EXISTS (SELECT 1 FROM association_target t WHERE "
                    + "t.association_id = a.association_id AND t.target_key = 'InstanceIds' AND t.target_value = ?))");
            args.add(q.instanceId());
            args.add(q.instanceId());
        }
        condition(sql, args, " AND document_name = ?", q.documentName());
        condition(sql, args, " AND association_id = ?", q.associationId());
        condition(sql, args, " AND status_name = ?", q.statusName());
        condition(sql, args, " AND last_execution_at < ?", millis(q.lastExecutedBefore()));
        condition(sql, args, " AND last_execution_at > ?", millis(q.lastExecutedAfter()));
        condition(sql, args, " AND association_name = ?", q.associationName());
        condition(sql, args, " AND EXISTS (SELECT 1 FROM association_target t WHERE t.association_id = "
                + "a.association_id AND t.target_key = 'ResourceGroup' AND t.target_value = ?)", q.resourceGroupName());
        sql.append(" ORDER BY seq LIMIT ?");
        args.add(limit);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                List<Association> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(association(rows));
                    }
                }
                return page;
            }
        });
    }

    @Override
    public List<AssociationVersion> listVersions(Tenant tenant, String associationId, int afterVersion, int limit) {
        return database.read(c -> versions(c, tenant, associationId, "v.version > ?", afterVersion, limit));
    }

    private static List<AssociationVersion> versions(Connection c, Tenant tenant, String associationId,
                                                     String versionCondition, int version, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT v.version, v.created_at, v.definition "
                + "FROM association_version v JOIN association a ON a.association_id = v.association_id "
                + "WHERE v.association_id = ? AND a.account_id = ? AND a.region = ? AND " + versionCondition
                + " ORDER BY v.version LIMIT ?")) {
            select.setString(1, associationId);
            select.setString(2, tenant.accountId());
            select.setString(3, tenant.region());
            select.setInt(4, version);
            select.setInt(5, limit);
            List<AssociationVersion> result = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.add(new AssociationVersion(associationId, rows.getInt(1), Instant.ofEpochMilli(rows.getLong(2)),
                            JsonColumns.read(rows.getString(3), AssociationDefinition.class)));
                }
            }
            return result;
        }
    }

    private static int count(Connection c, Tenant tenant) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT COUNT(*) FROM association WHERE account_id = ? AND region = ?")) {
            select.setString(1, tenant.accountId());
            select.setString(2, tenant.region());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static void insertVersion(Connection c, Association a) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO association_version (association_id, version, created_at, definition) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, a.associationId());
            insert.setInt(2, a.latestVersion());
            insert.setLong(3, a.lastUpdateDate().toEpochMilli());
            insert.setString(4, JsonColumns.write(a.definition()));
            insert.executeUpdate();
        }
    }

    private static void replaceTargets(Connection c, Association a) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM association_target WHERE association_id = ?")) {
            delete.setString(1, a.associationId());
            delete.executeUpdate();
        }
        List<Target> targets = a.definition().targets();
        if (targets == null || targets.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO association_target (association_id, target_key, target_value) VALUES (?, ?, ?)")) {
            for (Target target : targets) {
                for (String value : target.values() == null ? List.<String>of() : target.values()) {
                    insert.setString(1, a.associationId());
                    insert.setString(2, target.key());
                    insert.setString(3, value);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static Optional<Association> first(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(association(rows)) : Optional.empty();
        }
    }

    private static Association association(ResultSet rows) throws SQLException {
        return new Association(new Tenant(rows.getString("account_id"), rows.getString("region")),
                rows.getLong("seq"), rows.getString("association_id"), rows.getInt("latest_version"),
                Instant.ofEpochMilli(rows.getLong("created_at")), Instant.ofEpochMilli(rows.getLong("updated_at")),
                JsonColumns.read(rows.getString("overview"), AssociationOverview.class),
                instant(rows, "last_execution_at"), instant(rows, "last_success_at"),
                rows.getString("instance_status") == null ? null
                        : JsonColumns.read(rows.getString("instance_status"), AssociationStatus.class),
                JsonColumns.read(rows.getString("definition"), AssociationDefinition.class),
                instant(rows, "next_due_at"));
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            args.add(value);
        }
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
