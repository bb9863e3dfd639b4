package steward.node;

import java.util.Collections;
import java.util.List;
import steward.tenant.Tenant;

/**
 * Renders {@link NodeCondition}s as SQL over {@code managed_node n}. Tag conditions are
 * uncorrelated {@code IN} subqueries, which the {@code resource_tag_by_value} index answers
 * once per query rather than once per node.
 */
final class NodeConditionSql {
    private NodeConditionSql() {
    }

    static void append(StringBuilder sql, List<Object> args, Tenant tenant, List<NodeCondition> conditions) {
        for (NodeCondition condition : conditions) {
            sql.append(" AND ");
            switch (condition) {
                case NodeCondition.In in -> {
                    sql.append("n.").append(in.column().sql);
                    in(sql, args, in.values());
                }
                case NodeCondition.IdPrefix prefix -> {
                    if (prefix.prefixes().isEmpty()) {
                        sql.append("1 = 0");
                        break;
                    }
                    sql.append("(");
                    for (int i = 0; i < prefix.prefixes().size(); i++) {
                        // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
                        sql.append(i == 0 ? "" : " OR ").append("lower(n.instance_id) LIKE ?");
                        args.add(prefix.prefixes().get(i).toLowerCase(java.util.Locale.ROOT) + "%");
                    }
                    sql.append(")");
                }
                case NodeCondition.TagValue tag -> {
                    tagSubquery(sql, args, tenant, "t.tag_key = ? AND t.tag_value");
                    args.add(tag.key());
                    in(sql, args, tag.values());
                    sql.append(")");
                }
                case NodeCondition.TagKey tag -> {
                    tagSubquery(sql, args, tenant, "t.tag_key");
                    in(sql, args, tag.keys());
                    sql.append(")");
                }
                case NodeCondition.ActivationIn activation -> registration(sql, args, tenant, "activation_id",
                        activation.activationIds());
                case NodeCondition.IamRoleIn role -> registration(sql, args, tenant, "iam_role", role.iamRoles());
                case NodeCondition.Nothing nothing -> sql.append("1 = 0");
            }
        }
    }

    /** Agent nodes whose registration (agent_identity) has {@code column} in {@code values}. */
    private static void registration(StringBuilder sql, List<Object> args, Tenant tenant, String column,
                                     List<String> values) {
        sql.append("n.instance_id IN (SELECT a.instance_id FROM agent_identity a WHERE a.account_id = ? "
                + "AND a.region = ? AND a.").append(column);
        args.add(tenant.accountId());
        args.add(tenant.region());
        in(sql, args, values);
        sql.append(")");
    }

    private static void tagSubquery(StringBuilder sql, List<Object> args, Tenant tenant, String column) {
        sql.append("n.instance_id IN (SELECT t.resource_id FROM resource_tag t WHERE t.account_id = ? AND t.region = ? "
                + "AND t.resource_type = '" + NodeStore.RESOURCE_TYPE + "' AND ").append(column);
        args.add(tenant.accountId());
        args.add(tenant.region());
    }

    private static void in(StringBuilder sql, List<Object> args, List<String> values) {
        if (values.isEmpty()) {
            sql.append(" IN (NULL)");
            return;
        }
        sql.append(" IN (").append(String.join(", ", Collections.nCopies(values.size(), "?"))).append(")");
        args.addAll(values);
    }
}
