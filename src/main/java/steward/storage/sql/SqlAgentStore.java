package steward.storage.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import steward.node.agent.AgentIdentity;
import steward.node.agent.AgentStore;
import steward.node.agent.InstanceCredential;
import steward.storage.Database;
import steward.tenant.Tenant;

/** Agent identities and instance credentials in portable SQL. */
public final class SqlAgentStore implements AgentStore {
    private static final String IDENTITY = "instance_id, account_id, region, activation_id, iam_role, node_name, "
            + "public_key, public_key_type, fingerprint, registered_at";

    private final Database database;

    public SqlAgentStore(Database database) {
        this.database = database;
    }

    @Override
    public boolean insertIdentity(AgentIdentity i) {
        return database.write(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM agent_identity WHERE instance_id = ?")) {
                select.setString(1, i.instanceId());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO agent_identity (" + IDENTITY
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, i.instanceId());
                insert.setString(2, i.tenant().accountId());
                insert.setString(3, i.tenant().region());
                insert.setString(4, i.activationId());
                insert.setString(5, i.iamRole());
                insert.setString(6, i.name());
                insert.setString(7, i.publicKey());
                insert.setString(8, i.publicKeyType());
                insert.setString(9, i.fingerprint());
                insert.setLong(10, i.registeredAt().toEpochMilli());
                insert.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<AgentIdentity> findIdentity(String instanceId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + IDENTITY
                    + " FROM agent_identity WHERE instance_id = ?")) {
                select.setString(1, instanceId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(identity(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<String, AgentIdentity> identities(Tenant tenant, Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Map.of();
        }
        List<Object> args = new ArrayList<>(List.of(tenant.accountId(), tenant.region()));
        args.addAll(instanceIds);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + IDENTITY + " FROM agent_identity WHERE "
                    + "account_id = ? AND region = ? AND instance_id IN ("
                    + String.join(", ", Collections.nCopies(instanceIds.size(), "?")) + ")")) {
                SqlColumns.bind(select, args);
                Map<String, AgentIdentity> found = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        AgentIdentity identity = identity(rows);
                        found.put(identity.instanceId(), identity);
                    }
                }
                return found;
            }
        });
    }

    @Override
    public void updatePublicKey(String instanceId, String publicKey, String publicKeyType) {
        database.write(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE agent_identity SET public_key = ?, public_key_type = ? WHERE instance_id = ?")) {
                update.setString(1, publicKey);
                update.setString(2, publicKeyType);
                update.setString(3, instanceId);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public boolean deleteIdentity(Tenant tenant, String instanceId) {
        return database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM agent_identity WHERE instance_id = ? AND account_id = ? AND region = ?")) {
                delete.setString(1, instanceId);
                delete.setString(2, tenant.accountId());
                delete.setString(3, tenant.region());
                if (delete.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement revoke = c.prepareStatement(
                    "UPDATE instance_credential SET revoked = 1 WHERE instance_id = ?")) {
                revoke.setString(1, instanceId);
                revoke.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public void insertCredential(InstanceCredential k) {
        database.write(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO instance_credential (access_key_id, secret, "
                    + "session_token, instance_id, account_id, region, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, k.accessKeyId());
                insert.setString(2, k.secretAccessKey());
                insert.setString(3, k.sessionToken());
                insert.setString(4, k.instanceId());
                insert.setString(5, k.tenant().accountId());
                insert.setString(6, k.tenant().region());
                insert.setLong(7, k.expiresAt().toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<InstanceCredential> findCredential(String accessKeyId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT access_key_id, secret, session_token, instance_id, "
                    + "account_id, region, expires_at, revoked FROM instance_credential WHERE access_key_id = ?")) {
                select.setString(1, accessKeyId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new InstanceCredential(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), new Tenant(rows.getString(5), rows.getString(6)),
                            Instant.ofEpochMilli(rows.getLong(7)), rows.getInt(8) != 0));
                }
            }
        });
    }

    @Override
    public int deleteExpiredCredentials(long epochMillis) {
        return database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM instance_credential WHERE expires_at < ?")) {
                delete.setLong(1, epochMillis);
                return delete.executeUpdate();
            }
        });
    }

    private static AgentIdentity identity(ResultSet rows) throws SQLException {
        return new AgentIdentity(rows.getString("instance_id"),
                new Tenant(rows.getString("account_id"), rows.getString("region")), rows.getString("activation_id"),
                rows.getString("iam_role"), rows.getString("node_name"), rows.getString("public_key"),
                rows.getString("public_key_type"), rows.getString("fingerprint"),
                Instant.ofEpochMilli(rows.getLong("registered_at")));
    }
}
