package steward.storage.sql;

import static steward.storage.sql.SqlColumns.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import steward.association.AssociationDefinition;
import steward.compliance.AssociationCompliance;
import steward.compliance.ComplianceCondition;
import steward.compliance.ComplianceExecutionSummary;
import steward.compliance.ComplianceItem;
import steward.compliance.ComplianceItemEntry;
import steward.compliance.ComplianceSeverity;
import steward.compliance.ComplianceSummary;
import steward.compliance.ComplianceUpload;
import steward.compliance.ResourceComplianceSummary;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionTarget;
import steward.storage.ComplianceStore;
import steward.storage.Database;
import steward.tenant.Tenant;

/**
 * Compliance in portable SQL. Writes: uploads, and (as the execution store's
 * {@link TargetResultHook}) the Association item each finished target leaves under
 * SyncCompliance AUTO, in the transaction that records the target's result. Reads live in
 * {@link SqlComplianceReads}.
 */
public final class SqlComplianceStore implements ComplianceStore, TargetResultHook {
    private static final String CUSTOM_PREFIX = "Custom:";

    private final Database database;
    private final SqlComplianceReads reads;
    private final AssociationCompliance.DocumentVersions documentVersions;

    public SqlComplianceStore(Database database) {
        this(database, AssociationCompliance.DocumentVersions.AS_NAMED);
    }

    /** {@code documentVersions} names the concrete document version in the Association items runs leave. */
    public SqlComplianceStore(Database database, AssociationCompliance.DocumentVersions documentVersions) {
        this.database = database;
        this.reads = new SqlComplianceReads(database);
        this.documentVersions = documentVersions;
    }

    /** Thrown inside a write to roll it back when a limit is exceeded. */
    private static final class Refused extends RuntimeException {
        final PutOutcome outcome;

        Refused(PutOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    @Override
    public PutOutcome put(Tenant tenant, ComplianceUpload upload, Limits limits) {
        try {
            return database.write(c -> {
                if (!nodeExists(c, tenant, upload.resourceId())) {
                    return PutOutcome.NO_SUCH_RESOURCE;
                }
                String stored = storedHash(c, tenant, upload);
                if (upload.contentHash() != null && upload.contentHash().equals(stored)) {
                    return PutOutcome.UNCHANGED;
                }
                if (upload.complianceType().startsWith(CUSTOM_PREFIX) && !upload.items().isEmpty()
                        && otherCustomTypes(c, tenant, upload) >= limits.customTypesPerResource()) {
                    throw new Refused(PutOutcome.TOO_MANY_TYPES);
                }
                removeReplaced(c, tenant, upload);
                if (bytesOf(c, tenant, upload.resourceType(), upload.resourceId()) + upload.contentBytes()
                        > limits.bytesPerResource()) {
                    throw new Refused(PutOutcome.TOTAL_SIZE_EXCEEDED);
                }
                insertItems(c, tenant, upload.resourceType(), upload.resourceId(), upload.complianceType(),
                        upload.executionSummary(), upload.items());
                recordUpload(c, tenant, upload.resourceType(), upload.resourceId(), upload.complianceType(),
                        upload.executionSummary(), upload.contentHash(), true);
                return PutOutcome.WRITTEN;
            });
        } catch (Refused refused) {
            return refused.outcome;
        }
    }

    @Override
    public void targetFinished(Connection c, AssociationExecution e, ExecutionTarget t) throws SQLException {
        if (!ExecutionTarget.MANAGED_INSTANCE.equals(t.resourceType()) || !nodeExists(c, e.tenant(), t.resourceId())) {
            return;
        }
        Optional<AssociationDefinition> definition = definitionOf(c, e.associationId(), e.associationVersion());
        Optional<ComplianceItemEntry> item = definition.flatMap(d -> AssociationCompliance.itemFor(e.tenant(),
                e.associationId(), d, t.status(), documentVersions));
        if (item.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM compliance_item WHERE account_id = ? AND "
                + "region = ? AND resource_type = ? AND resource_id = ? AND compliance_type = ? AND item_id = ?")) {
            bindKey(delete, e.tenant(), t.resourceType(), t.resourceId(), AssociationCompliance.TYPE);
            delete.setString(6, e.associationId());
            delete.executeUpdate();
        }
        ComplianceExecutionSummary summary = new ComplianceExecutionSummary(t.lastExecutionDate(), null, null);
        insertItems(c, e.tenant(), t.resourceType(), t.resourceId(), AssociationCompliance.TYPE, summary,
                List.of(item.get()));
        recordUpload(c, e.tenant(), t.resourceType(), t.resourceId(), AssociationCompliance.TYPE, summary, null, false);
    }

    @Override
    public List<ComplianceItem> items(Tenant tenant, List<ComplianceCondition> conditions, ItemPosition after, int limit) {
        return reads.items(tenant, conditions, after, limit);
    }

    @Override
    public List<ResourceComplianceSummary> resourceSummaries(Tenant tenant, List<ComplianceCondition> conditions,
                                                             ResourcePosition after, int limit) {
        return reads.resourceSummaries(tenant, conditions, after, limit);
    }

    @Override
    public List<ComplianceSummary> summaries(Tenant tenant, List<ComplianceCondition> conditions, String afterType,
                                             int limit) {
        return reads.summaries(tenant, conditions, afterType, limit);
    }

    private static boolean nodeExists(Connection c, Tenant tenant, String instanceId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT 1 FROM managed_node WHERE account_id = ? AND region = ? AND instance_id = ?")) {
            select.setString(1, tenant.accountId());
            select.setString(2, tenant.region());
            select.setString(3, instanceId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Optional<AssociationDefinition> definitionOf(Connection c, String associationId, int version)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT definition FROM association_version WHERE association_id = ? AND version = ?")) {
            select.setString(1, associationId);
            select.setInt(2, version);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(JsonColumns.read(rows.getString(1), AssociationDefinition.class))
                        : Optional.empty();
            }
        }
    }

    private static String storedHash(Connection c, Tenant tenant, ComplianceUpload upload) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT content_hash FROM compliance_upload WHERE "
                + "account_id = ? AND region = ? AND resource_type = ? AND resource_id = ? AND compliance_type = ?")) {
            bindKey(select, tenant, upload.resourceType(), upload.resourceId(), upload.complianceType());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static int otherCustomTypes(Connection c, Tenant tenant, ComplianceUpload upload) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT COUNT(DISTINCT compliance_type) FROM compliance_item "
                + "WHERE account_id = ? AND region = ? AND resource_type = ? AND resource_id = ? AND compliance_type <> ? "
                + "AND substr(compliance_type, 1, 7) = ?")) {
            bindKey(select, tenant, upload.resourceType(), upload.resourceId(), upload.complianceType());
            select.setString(6, CUSTOM_PREFIX);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** A complete upload removes every item of its type; a partial one those with the ids it names. */
    private static void removeReplaced(Connection c, Tenant tenant, ComplianceUpload upload) throws SQLException {
        String sql = "DELETE FROM compliance_item WHERE account_id = ? AND region = ? AND resource_type = ? "
                + "AND resource_id = ? AND compliance_type = ?";
        if (!upload.partial()) {
            try (PreparedStatement delete = c.prepareStatement(sql)) {
                bindKey(delete, tenant, upload.resourceType(), upload.resourceId(), upload.complianceType());
                delete.executeUpdate();
            }
            return;
        }
        try (PreparedStatement delete = c.prepareStatement(sql + " AND item_id = ?")) {
            for (ComplianceItemEntry item : upload.items()) {
                bindKey(delete, tenant, upload.resourceType(), upload.resourceId(), upload.complianceType());
                delete.setString(6, item.id());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private static long bytesOf(Connection c, Tenant tenant, String resourceType, String resourceId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT COALESCE(SUM(content_bytes), 0) FROM compliance_item "
                + "WHERE account_id = ? AND region = ? AND resource_type = ? AND resource_id = ?")) {
            select.setString(1, tenant.accountId());
            select.setString(2, tenant.region());
            select.setString(3, resourceType);
            select.setString(4, resourceId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Association items are linked to the association of their id, when the tenant has one, and go with it. */
    private static void insertItems(Connection c, Tenant tenant, String resourceType, String resourceId,
                                    String complianceType, ComplianceExecutionSummary summary,
                                    List<ComplianceItemEntry> items) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        boolean association = AssociationCompliance.TYPE.equals(complianceType);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO compliance_item (account_id, region, "
                + "resource_type, resource_id, compliance_type, item_id, title, status, severity, severity_rank, details, "
                + "execution_time, execution_id, execution_type, content_bytes, association_id) VALUES (?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT association_id FROM association WHERE association_id = ? "
                + "AND account_id = ? AND region = ?))")) {
            for (ComplianceItemEntry item : items) {
                bindKey(insert, tenant, resourceType, resourceId, complianceType);
                insert.setString(6, item.id());
                insert.setString(7, item.title());
                insert.setString(8, item.status());
                insert.setString(9, item.severity());
                insert.setInt(10, ComplianceSeverity.valueOf(item.severity()).rank());
                insert.setString(11, item.details() == null ? null : JsonColumns.write(item.details()));
                setInstant(insert, 12, summary.executionTime());
                insert.setString(13, summary.executionId());
                insert.setString(14, summary.executionType());
                insert.setLong(15, item.contentBytes());
                insert.setString(16, association ? item.id() : null);
                insert.setString(17, tenant.accountId());
                insert.setString(18, tenant.region());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Records the upload's execution summary, and its hash when {@code withHash} (runs keep the stored hash). */
    private static void recordUpload(Connection c, Tenant tenant, String resourceType, String resourceId,
                                     String complianceType, ComplianceExecutionSummary summary, String hash,
                                     boolean withHash) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO compliance_upload (account_id, region, "
                + "resource_type, resource_id, compliance_type, content_hash, execution_time, execution_id, execution_type) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, resource_type, resource_id, "
                + "compliance_type) DO UPDATE SET execution_time = excluded.execution_time, execution_id = "
                + "excluded.execution_id, execution_type = excluded.execution_type"
                + (withHash ? ", content_hash = excluded.content_hash" : ""))) {
            bindKey(upsert, tenant, resourceType, resourceId, complianceType);
            upsert.setString(6, hash);
            setInstant(upsert, 7, summary.executionTime());
            upsert.setString(8, summary.executionId());
            upsert.setString(9, summary.executionType());
            upsert.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement statement, Tenant tenant, String resourceType, String resourceId,
                                String complianceType) throws SQLException {
        statement.setString(1, tenant.accountId());
        statement.setString(2, tenant.region());
        statement.setString(3, resourceType);
        statement.setString(4, resourceId);
        statement.setString(5, complianceType);
    }
}
