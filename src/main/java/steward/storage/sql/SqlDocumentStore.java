package steward.storage.sql;

import static steward.storage.sql.SqlColumns.instant;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import steward.document.DocumentContent;
import steward.document.DocumentHead;
import steward.document.DocumentVersion;
import steward.storage.Database;
import steward.storage.DocumentStore;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/** Documents in portable SQL; the schema lives in the dialect's Flyway migrations. */
public final class SqlDocumentStore implements DocumentStore {
    private static final String HEAD_COLUMNS = "account_id, region, name, document_type, created_at, latest_version, "
            + "default_version";
    private static final String VERSION_COLUMNS = "v.account_id, v.region, v.name, v.version, v.version_name, "
            + "v.display_name, d.document_type, v.document_format, v.target_type, v.content, v.hash, v.created_at, "
            + "v.requires";
    private static final String KEY = " account_id = ? AND region = ? AND name = ?";

    private final Database database;

    public SqlDocumentStore(Database database) {
        this.database = database;
    }

    @Override
    public CreateOutcome create(Tenant owner, DocumentVersion first, List<Tag> tags, int limit) {
        return database.write(c -> {
            if (head(c, owner, first.name()).isPresent()) {
                return CreateOutcome.ALREADY_EXISTS;
            }
            try (PreparedStatement count = c.prepareStatement(
                    "SELECT COUNT(*) FROM document WHERE account_id = ? AND region = ?")) {
                count.setString(1, owner.accountId());
                count.setString(2, owner.region());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) >= limit) {
                        return CreateOutcome.LIMIT_EXCEEDED;
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO document (" + HEAD_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, 1, 1)")) {
                bindKey(insert, owner, first.name());
                insert.setString(4, first.documentType());
                insert.setLong(5, first.createdDate().toEpochMilli());
                insert.executeUpdate();
            }
            insertVersion(c, owner, first);
            SqlTagStore.upsert(c, owner, RESOURCE_TYPE, first.name(), tags);
            return CreateOutcome.CREATED;
        });
    }

    @Override
    public AppendOutcome appendVersion(Tenant owner, DocumentVersion next, int versionLimit) {
        return database.write(c -> {
            Optional<DocumentHead> head = head(c, owner, next.name());
            if (head.isEmpty()) {
                return AppendOutcome.NO_SUCH_DOCUMENT;
            }
            if (head.get().latestVersion() != next.version() - 1) {
                return AppendOutcome.NOT_LATEST;
            }
            if (countVersions(c, owner, next.name()) >= versionLimit) {
                return AppendOutcome.VERSION_LIMIT_EXCEEDED;
            }
            if (next.versionName() != null && versionByName(c, owner, next.name(), next.versionName()).isPresent()) {
                return AppendOutcome.DUPLICATE_VERSION_NAME;
            }
            insertVersion(c, owner, next);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE document SET latest_version = ? WHERE" + KEY)) {
                update.setInt(1, next.version());
                update.setString(2, owner.accountId());
                update.setString(3, owner.region());
                update.setString(4, next.name());
                update.executeUpdate();
            }
            return AppendOutcome.APPENDED;
        });
    }

    @Override
    public Optional<DocumentHead> find(Tenant owner, String name) {
        return database.read(c -> head(c, owner, name));
    }

    @Override
    public Optional<DocumentVersion> findVersion(Tenant owner, String name, int version) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(selectVersions() + " AND v.version = ?")) {
                bindKey(select, owner, name);
                select.setInt(4, version);
                List<DocumentVersion> found = versions(select);
                return found.stream().findFirst();
            }
        });
    }

    @Override
    public Optional<DocumentVersion> findVersionByName(Tenant owner, String name, String versionName) {
        return database.read(c -> versionByName(c, owner, name, versionName));
    }

    @Override
    public List<DocumentVersion> listVersions(Tenant owner, String name, int afterVersion, int limit) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(selectVersions()
                    + " AND v.version > ? ORDER BY v.version LIMIT ?")) {
                bindKey(select, owner, name);
                select.setInt(4, afterVersion);
                select.setInt(5, limit);
                return versions(select);
            }
        });
    }

    @Override
    public boolean setDefaultVersion(Tenant owner, String name, int version) {
        return database.write(c -> {
            try (PreparedStatement exists = c.prepareStatement(
                    "SELECT 1 FROM document_version WHERE" + KEY + " AND version = ?")) {
                bindKey(exists, owner, name);
                exists.setInt(4, version);
                try (ResultSet rows = exists.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE document SET default_version = ? WHERE" + KEY)) {
                update.setInt(1, version);
                update.setString(2, owner.accountId());
                update.setString(3, owner.region());
                update.setString(4, name);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(Tenant owner, String name) {
        return database.write(c -> {
            // Children first, so no store depends on the dialect's cascading deletes.
            for (String table : List.of("document_permission", "document_version", "document")) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE" + KEY)) {
                    bindKey(delete, owner, name);
                    if (delete.executeUpdate() > 0 && table.equals("document")) {
                        SqlTagStore.deleteAll(c, owner, RESOURCE_TYPE, name);
                        return true;
                    }
                }
            }
            return false;
        });
    }

    @Override
    public DeleteVersionOutcome deleteVersion(Tenant owner, String name, int version) {
        return database.write(c -> {
            Optional<DocumentHead> head = head(c, owner, name);
            if (head.isEmpty()) {
                return DeleteVersionOutcome.NO_SUCH_VERSION;
            }
            if (head.get().defaultVersion() == version) {
                return DeleteVersionOutcome.DEFAULT_VERSION;
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM document_version WHERE" + KEY
                    + " AND version = ?")) {
                bindKey(delete, owner, name);
                delete.setInt(4, version);
                if (delete.executeUpdate() == 0) {
                    return DeleteVersionOutcome.NO_SUCH_VERSION;
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE document SET latest_version = "
                    + "(SELECT MAX(version) FROM document_version WHERE" + KEY + ") WHERE" + KEY)) {
                bindKey(update, owner, name);
                update.setString(4, owner.accountId());
                update.setString(5, owner.region());
                update.setString(6, name);
                update.executeUpdate();
            }
            return DeleteVersionOutcome.DELETED;
        });
    }

    @Override
    public List<DocumentHead> list(Tenant owner) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + HEAD_COLUMNS
                    + " FROM document WHERE account_id = ? AND region = ? ORDER BY name")) {
                select.setString(1, owner.accountId());
                select.setString(2, owner.region());
                return heads(select);
            }
        });
    }

    @Override
    public List<Shared> listSharedWith(String accountId, String region) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT d.account_id, d.region, d.name, d.document_type, "
                    + "d.created_at, d.latest_version, d.default_version, p.shared_with, p.shared_version "
                    + "FROM document_permission p JOIN document d ON d.account_id = p.account_id "
                    + "AND d.region = p.region AND d.name = p.name "
                    + "WHERE p.shared_with IN (?, ?) AND p.region = ? AND p.account_id <> ? ORDER BY d.account_id, d.name")) {
                select.setString(1, accountId);
                select.setString(2, PUBLIC);
                select.setString(3, region);
                select.setString(4, accountId);
                List<Shared> shared = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        shared.add(new Shared(head(rows), rows.getString(8), rows.getString(9)));
                    }
                }
                return shared;
            }
        });
    }

    @Override
    public List<Permission> permissions(Tenant owner, String name) {
        return database.read(c -> permissions(c, owner, name));
    }

    @Override
    public ShareOutcome share(Tenant owner, String name, List<String> add, List<String> remove, String sharedVersion,
                              int accountLimit, int publicLimit) {
        return database.write(c -> {
            if (head(c, owner, name).isEmpty()) {
                return ShareOutcome.NO_SUCH_DOCUMENT;
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM document_permission WHERE" + KEY
                    + " AND shared_with = ?")) {
                for (String account : remove) {
                    bindKey(delete, owner, name);
                    delete.setString(4, account);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            Set<String> accounts = new LinkedHashSet<>();
            permissions(c, owner, name).forEach(p -> accounts.add(p.accountId()));
            boolean wasPublic = accounts.contains(PUBLIC);
            accounts.addAll(add);
            accounts.remove(PUBLIC);
            if (accounts.size() > accountLimit) {
                return ShareOutcome.ACCOUNT_LIMIT;
            }
            if (!wasPublic && add.contains(PUBLIC) && countPublic(c, owner) >= publicLimit) {
                return ShareOutcome.PUBLIC_LIMIT;
            }
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO document_permission (account_id, region, "
                    + "name, shared_with, shared_version) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, region, name, "
                    + "shared_with) DO UPDATE SET shared_version = excluded.shared_version")) {
                for (String account : add) {
                    bindKey(upsert, owner, name);
                    upsert.setString(4, account);
                    upsert.setString(5, sharedVersion);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return ShareOutcome.SHARED;
        });
    }

    private static long countPublic(Connection c, Tenant owner) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM document_permission "
                + "WHERE account_id = ? AND region = ? AND shared_with = ?")) {
            count.setString(1, owner.accountId());
            count.setString(2, owner.region());
            count.setString(3, PUBLIC);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static List<Permission> permissions(Connection c, Tenant owner, String name) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT shared_with, shared_version FROM document_permission "
                + "WHERE" + KEY + " ORDER BY CASE WHEN shared_with = ? THEN 0 ELSE 1 END, shared_with")) {
            bindKey(select, owner, name);
            select.setString(4, PUBLIC);
            List<Permission> permissions = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    permissions.add(new Permission(rows.getString(1), rows.getString(2)));
                }
            }
            return permissions;
        }
    }

    private static long countVersions(Connection c, Tenant owner, String name) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM document_version WHERE" + KEY)) {
            bindKey(count, owner, name);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void insertVersion(Connection c, Tenant owner, DocumentVersion v) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO document_version (account_id, region, name, "
                + "version, version_name, display_name, document_format, target_type, content, hash, requires, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindKey(insert, owner, v.name());
            insert.setInt(4, v.version());
            insert.setString(5, v.versionName());
            insert.setString(6, v.displayName());
            insert.setString(7, v.documentFormat());
            insert.setString(8, v.targetType());
            insert.setString(9, v.content());
            insert.setString(10, v.hash());
            insert.setString(11, v.requires() == null ? null : v.requires().toString());
            insert.setLong(12, v.createdDate().toEpochMilli());
            insert.executeUpdate();
        }
    }

    private static Optional<DocumentHead> head(Connection c, Tenant owner, String name) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + HEAD_COLUMNS + " FROM document WHERE" + KEY)) {
            bindKey(select, owner, name);
            return heads(select).stream().findFirst();
        }
    }

    private static Optional<DocumentVersion> versionByName(Connection c, Tenant owner, String name, String versionName)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(selectVersions() + " AND v.version_name = ?")) {
            bindKey(select, owner, name);
            select.setString(4, versionName);
            return versions(select).stream().findFirst();
        }
    }

    private static String selectVersions() {
        return "SELECT " + VERSION_COLUMNS + " FROM document_version v JOIN document d ON d.account_id = v.account_id "
                + "AND d.region = v.region AND d.name = v.name WHERE v.account_id = ? AND v.region = ? AND v.name = ?";
    }

    private static List<DocumentHead> heads(PreparedStatement select) throws SQLException {
        List<DocumentHead> heads = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                heads.add(head(rows));
            }
        }
        return heads;
    }

    private static DocumentHead head(ResultSet rows) throws SQLException {
        return new DocumentHead(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                instant(rows, 5), rows.getInt(6), rows.getInt(7));
    }

    private static List<DocumentVersion> versions(PreparedStatement select) throws SQLException {
        List<DocumentVersion> versions = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String format = rows.getString(8);
                String content = rows.getString(10);
                String requires = rows.getString(13);
                versions.add(new DocumentVersion(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), format, rows.getString(9), content,
                        rows.getString(11), instant(rows, 12),
                        requires == null ? null : JsonColumns.read(requires, JsonNode.class),
                        DocumentContent.read(format, content)));
            }
        }
        return versions;
    }

    private static void bindKey(PreparedStatement statement, Tenant owner, String name) throws SQLException {
        statement.setString(1, owner.accountId());
        statement.setString(2, owner.region());
        statement.setString(3, name);
    }
}
