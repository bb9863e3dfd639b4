package steward.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import steward.storage.Database;
import steward.storage.TagStore;
import steward.tagging.Tag;
import steward.tenant.Tenant;

public final class SqlTagStore implements TagStore {
    private final Database database;

    public SqlTagStore(Database database) {
        this.database = database;
    }

    @Override
    public List<Tag> list(Tenant tenant, String resourceType, String resourceId) {
        return database.read(c -> select(c, tenant, resourceType, resourceId));
    }

    /** How each taggable resource type is found, so that tagging checks existence in its own transaction. */
    private static final Map<String, String> EXISTS = Map.of(
            "Association", "SELECT 1 FROM association WHERE association_id = ? AND account_id = ? AND region = ?",
            "ManagedInstance", "SELECT 1 FROM managed_node WHERE instance_id = ? AND account_id = ? AND region = ?",
            "Document", "SELECT 1 FROM document WHERE name = ? AND account_id = ? AND region = ?");

    @Override
    public PutOutcome put(Tenant tenant, String resourceType, String resourceId, List<Tag> tags, int maxTags) {
        return database.write(c -> {
            String exists = EXISTS.get(resourceType);
            if (exists != null) {
                try (PreparedStatement select = c.prepareStatement(exists)) {
                    select.setString(1, resourceId);
                    select.setString(2, tenant.accountId());
                    select.setString(3, tenant.region());
                    try (ResultSet rows = select.executeQuery()) {
                        if (!rows.next()) {
                            return PutOutcome.NO_SUCH_RESOURCE;
                        }
                    }
                }
            }
            Set<String> keys = new HashSet<>();
            select(c, tenant, resourceType, resourceId).forEach(t -> keys.add(t.key()));
            tags.forEach(t -> keys.add(t.key()));
            if (keys.size() > maxTags) {
                return PutOutcome.TOO_MANY_TAGS;
            }
            upsert(c, tenant, resourceType, resourceId, tags);
            return PutOutcome.PUT;
        });
    }

    @Override
    public void remove(Tenant tenant, String resourceType, String resourceId, List<String> keys) {
        database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM resource_tag WHERE account_id = ? "
                    + "AND region = ? AND resource_type = ? AND resource_id = ? AND tag_key = ?")) {
                for (String key : keys) {
                    bindResource(delete, tenant, resourceType, resourceId);
                    delete.setString(5, key);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }

    static void upsert(Connection c, Tenant tenant, String resourceType, String resourceId, List<Tag> tags)
            throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO resource_tag (account_id, region, "
                + "resource_type, resource_id, tag_key, tag_value) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (account_id, region, resource_type, resource_id, tag_key) "
                + "DO UPDATE SET tag_value = excluded.tag_value")) {
            for (Tag tag : tags) {
                bindResource(upsert, tenant, resourceType, resourceId);
                upsert.setString(5, tag.key());
                upsert.setString(6, tag.value());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    static void deleteAll(Connection c, Tenant tenant, String resourceType, String resourceId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM resource_tag WHERE account_id = ? "
                + "AND region = ? AND resource_type = ? AND resource_id = ?")) {
            bindResource(delete, tenant, resourceType, resourceId);
            delete.executeUpdate();
        }
    }

    private static List<Tag> select(Connection c, Tenant tenant, String resourceType, String resourceId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT tag_key, tag_value FROM resource_tag WHERE "
                + "account_id = ? AND region = ? AND resource_type = ? AND resource_id = ? ORDER BY tag_key")) {
            bindResource(select, tenant, resourceType, resourceId);
            List<Tag> tags = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tags.add(new Tag(rows.getString(1), rows.getString(2)));
                }
            }
            return tags;
        }
    }

    private static void bindResource(PreparedStatement statement, Tenant tenant, String resourceType, String resourceId)
            throws SQLException {
        statement.setString(1, tenant.accountId());
        statement.setString(2, tenant.region());
        statement.setString(3, resourceType);
        statement.setString(4, resourceId);
    }
}
