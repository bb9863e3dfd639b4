package steward.storage.sql;

import static steward.storage.sql.SqlColumns.bind;
import static steward.storage.sql.SqlColumns.instant;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import steward.compliance.ComplianceCondition;
import steward.compliance.ComplianceCondition.Field;
import steward.compliance.ComplianceExecutionSummary;
import steward.compliance.ComplianceItem;
import steward.compliance.ComplianceSeverity;
import steward.compliance.ComplianceStatus;
import steward.compliance.ComplianceSummary;
import steward.compliance.ResourceComplianceSummary;
import steward.compliance.SeverityCounts;
import steward.storage.ComplianceStore.ItemPosition;
import steward.storage.ComplianceStore.ResourcePosition;
import steward.storage.Database;
import steward.tenant.Tenant;

/**
 * The compliance reads. Summaries are grouped from the items on every read rather than kept
 * beside them, so a deleted node or association (whose items go by foreign key) can never leave
 * a stale count behind; each page is one grouped range scan of the item index.
 */
final class SqlComplianceReads {
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
    };
    private static final String NON_COMPLIANT = "'" + ComplianceStatus.NON_COMPLIANT.name() + "'";
    private static final String NON_COMPLIANT_COUNT = "SUM(CASE WHEN status = " + NON_COMPLIANT + " THEN 1 ELSE 0 END)";
    private static final String STATUS = "CASE WHEN " + NON_COMPLIANT_COUNT + " > 0 THEN " + NON_COMPLIANT
            + " ELSE 'COMPLIANT' END";
    /** The highest severity among non-compliant items, or among all when every item is compliant. */
    private static final String OVERALL_RANK = "CASE WHEN " + NON_COMPLIANT_COUNT + " > 0 THEN MAX(CASE WHEN status = "
            + NON_COMPLIANT + " THEN severity_rank END) ELSE MAX(severity_rank) END";

    private final Database database;

    SqlComplianceReads(Database database) {
        this.database = database;
    }

    private static String itemColumn(Field field) {
        return switch (field) {
            case COMPLIANCE_TYPE -> "compliance_type";
            case RESOURCE_TYPE -> "resource_type";
            case RESOURCE_ID -> "resource_id";
            case ITEM_ID -> "item_id";
            case TITLE -> "title";
            case STATUS -> "status";
            case SEVERITY -> "severity_rank";
            case EXECUTION_ID -> "execution_id";
            case EXECUTION_TYPE -> "execution_type";
            case EXECUTION_TIME -> "execution_time";
            case SUMMARY_STATUS, OVERALL_SEVERITY -> null;
        };
    }

    private static String groupColumn(Field field) {
        return switch (field) {
            case SUMMARY_STATUS -> STATUS;
            case OVERALL_SEVERITY -> OVERALL_RANK;
            default -> null;
        };
    }

    List<ComplianceItem> items(Tenant tenant, List<ComplianceCondition> conditions, ItemPosition after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT seq, compliance_type, resource_type, resource_id, item_id, title, "
                + "status, severity, execution_time, execution_id, execution_type, details FROM compliance_item "
                + "WHERE account_id = ? AND region = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.accountId(), tenant.region()));
        SqlComplianceConditions.append(sql, args, conditions, SqlComplianceReads::itemColumn);
        if (after != null) {
            sql.append(" AND (resource_type, resource_id, compliance_type, seq) > (?, ?, ?, ?)");
            args.addAll(List.of(after.resourceType(), after.resourceId(), after.complianceType(), after.seq()));
        }
        sql.append(" ORDER BY resource_type, resource_id, compliance_type, seq LIMIT ?");
        args.add(limit);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                List<ComplianceItem> items = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String details = rows.getString(12);
                        items.add(new ComplianceItem(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getString(8), new ComplianceExecutionSummary(instant(rows, 9), rows.getString(10),
                                rows.getString(11)), details == null ? null : JsonColumns.read(details, DETAILS)));
                    }
                }
                return items;
            }
        });
    }

    List<ResourceComplianceSummary> resourceSummaries(Tenant tenant, List<ComplianceCondition> conditions,
                                                      ResourcePosition after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT i.resource_type, i.resource_id, i.compliance_type, " + STATUS
                + ", " + OVERALL_RANK + ", MAX(u.execution_time), MAX(u.execution_id), MAX(u.execution_type), "
                + countsByStatusAndSeverity() + " FROM compliance_item i LEFT JOIN compliance_upload u ON "
                + "u.account_id = i.account_id AND u.region = i.region AND u.resource_type = i.resource_type AND "
                + "u.resource_id = i.resource_id AND u.compliance_type = i.compliance_type "
                + "WHERE i.account_id = ? AND i.region = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.accountId(), tenant.region()));
        SqlComplianceConditions.append(sql, args, conditions, f -> {
            String column = itemColumn(f);
            return column == null ? null : "i." + column;
        });
        if (after != null) {
            sql.append(" AND (i.resource_type, i.resource_id, i.compliance_type) > (?, ?, ?)");
            args.addAll(List.of(after.resourceType(), after.resourceId(), after.complianceType()));
        }
        sql.append(" GROUP BY i.resource_type, i.resource_id, i.compliance_type HAVING 1 = 1");
        SqlComplianceConditions.append(sql, args, conditions, SqlComplianceReads::groupColumn);
        sql.append(" ORDER BY i.resource_type, i.resource_id, i.compliance_type LIMIT ?");
        args.add(limit);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                List<ResourceComplianceSummary> summaries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        summaries.add(new ResourceComplianceSummary(rows.getString(3), rows.getString(1),
                                rows.getString(2), ComplianceStatus.valueOf(rows.getString(4)),
                                ComplianceSeverity.ofRank(rows.getInt(5)), new ComplianceExecutionSummary(
                                instant(rows, 6), rows.getString(7), rows.getString(8)), counts(rows, 9),
                                counts(rows, 9 + ComplianceSeverity.values().length)));
                    }
                }
                return summaries;
            }
        });
    }

    /**
     * Per compliance type, the resources counted by their status and overall severity: the inner
     * query summarises each resource, the outer one counts them.
     */
    List<ComplianceSummary> summaries(Tenant tenant, List<ComplianceCondition> conditions, String afterType, int limit) {
        StringBuilder inner = new StringBuilder("SELECT compliance_type, " + NON_COMPLIANT_COUNT + " AS non_compliant, "
                + OVERALL_RANK + " AS overall_rank FROM compliance_item WHERE account_id = ? AND region = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.accountId(), tenant.region()));
        SqlComplianceConditions.append(inner, args, conditions, SqlComplianceReads::itemColumn);
        if (afterType != null) {
            inner.append(" AND compliance_type > ?");
            args.add(afterType);
        }
        inner.append(" GROUP BY compliance_type, resource_type, resource_id");
        StringBuilder sql = new StringBuilder("SELECT compliance_type");
        for (String status : List.of("= 0", "> 0")) {
            for (ComplianceSeverity severity : ComplianceSeverity.values()) {
                sql.append(", SUM(CASE WHEN non_compliant ").append(status).append(" AND overall_rank = ")
                        .append(severity.rank()).append(" THEN 1 ELSE 0 END)");
            }
        }
        sql.append(" FROM (").append(inner).append(") r GROUP BY compliance_type ORDER BY compliance_type LIMIT ?");
        args.add(limit);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                List<ComplianceSummary> summaries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        summaries.add(new ComplianceSummary(rows.getString(1), counts(rows, 2),
                                counts(rows, 2 + ComplianceSeverity.values().length)));
                    }
                }
                return summaries;
            }
        });
    }

    /** Twelve sums: compliant items by severity rank, then non-compliant ones. */
    private static String countsByStatusAndSeverity() {
        List<String> sums = new ArrayList<>();
        for (String status : List.of("'COMPLIANT'", NON_COMPLIANT)) {
            for (ComplianceSeverity severity : ComplianceSeverity.values()) {
                sums.add("SUM(CASE WHEN i.status = " + status + " AND i.severity_rank = " + severity.rank()
                        + " THEN 1 ELSE 0 END)");
            }
        }
        return String.join(", ", sums);
    }

    private static SeverityCounts counts(ResultSet rows, int first) throws SQLException {
        int[] byRank = new int[ComplianceSeverity.values().length];
        for (int rank = 0; rank < byRank.length; rank++) {
            byRank[rank] = rows.getInt(first + rank);
        }
        return new SeverityCounts(byRank);
    }
}
