package steward.storage.sql;

import static steward.storage.sql.SqlColumns.bind;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import steward.command.Command;
import steward.command.CommandStatus;
import steward.command.Invocation;
import steward.storage.CommandStore.InvocationPosition;
import steward.storage.CommandStore.Query;
import steward.storage.Database;
import steward.tenant.Tenant;

/**
 * ListCommands' and ListCommandInvocations' keyset reads: newest command first (by seq), then
 * instance id, every filter a WHERE condition on indexed columns, so a page costs the same
 * however many commands the tenant has.
 */
final class SqlCommandReads {
    private final Database database;

    SqlCommandReads(Database database) {
        this.database = database;
    }

    List<Command> commands(Tenant tenant, Query query, Long beforeSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + SqlCommandStore.COMMAND_COLUMNS + " FROM command c WHERE account_id = ? AND region = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.accountId(), tenant.region()));
        if (!query.includeAssociationRuns()) {
            sql.append(" AND origin = ?");
            args.add(Command.RUN_COMMAND);
        }
        if (query.commandId() != null) {
            sql.append(" AND command_id = ?");
            args.add(query.commandId());
        }
        if (query.instanceId() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM command_invocation i WHERE i.command_id = c.command_id "
                    + "AND i.instance_id = ?)");
            args.add(query.instanceId());
        }
        filters(query, sql, args, "");
        if (beforeSeq != null) {
            sql.append(" AND seq < ?");
            args.add(beforeSeq);
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(limit);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                List<Command> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(SqlCommandStore.command(rows));
                    }
                }
                return page;
            }
        });
    }

    /** The filters shared by both listings; invocations filter on their own status and their command's document. */
    private static void filters(Query query, StringBuilder sql, List<Object> args, String prefix) {
        if (query.invokedAfter() != null) {
            sql.append(" AND ").append(prefix).append("requested_at >= ?");
            args.add(query.invokedAfter().toEpochMilli());
        }
        if (query.invokedBefore() != null) {
            sql.append(" AND ").append(prefix).append("requested_at <= ?");
            args.add(query.invokedBefore().toEpochMilli());
        }
        for (String status : query.statuses()) {
            sql.append(" AND (").append(prefix).append("status = ? OR ").append(prefix).append("status_details = ?)");
            args.add(status);
            args.add(status);
        }
        if (query.executing() != null) {
            sql.append(" AND ").append(prefix).append("status ").append(query.executing() ? "IN" : "NOT IN")
                    .append(" (?, ?, ?, ?)");
            args.addAll(CommandStatus.EXECUTING);
        }
        if (query.documentName() != null) {
            String column = prefix.isEmpty() ? "document_name"
                    : "(SELECT document_name FROM command d WHERE d.command_id = i.command_id)";
            sql.append(" AND ").append(column).append(" = ?");
            args.add(query.documentName());
        }
    }

    List<Invocation> invocations(Tenant tenant, Query query, InvocationPosition after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + prefixed(SqlCommandStore.INVOCATION_COLUMNS)
                + " FROM command_invocation i WHERE i.account_id = ? AND i.region = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.accountId(), tenant.region()));
        if (!query.includeAssociationRuns()) {
            sql.append(" AND i.origin = ?");
            args.add(Command.RUN_COMMAND);
        }
        if (query.commandId() != null) {
            sql.append(" AND i.command_id = ?");
            args.add(query.commandId());
        }
        if (query.instanceId() != null) {
            sql.append(" AND i.instance_id = ?");
            args.add(query.instanceId());
        }
        filters(query, sql, args, "i.");
        if (after != null) {
            sql.append(" AND (i.command_seq < ? OR (i.command_seq = ? AND i.instance_id > ?))");
            args.add(after.commandSeq());
            args.add(after.commandSeq());
            args.add(after.instanceId());
        }
        sql.append(" ORDER BY i.command_seq DESC, i.instance_id ASC LIMIT ?");
        args.add(limit);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                return SqlCommandStore.invocations(select);
            }
        });
    }

    private static String prefixed(String columns) {
        return "i." + columns.replace(", ", ", i.");
    }
}
