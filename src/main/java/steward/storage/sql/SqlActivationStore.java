package steward.storage.sql;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import steward.node.activation.Activation;
import steward.node.activation.ActivationCodes;
import steward.node.activation.ActivationFilter;
import steward.node.activation.ActivationStore;
import steward.storage.Database;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/** Activations in portable SQL; tags and registration metadata are JSON columns of the row. */
public final class SqlActivationStore implements ActivationStore {
    private static final String COLUMNS = "activation_id, account_id, region, seq, description, default_instance_name, "
            + "iam_role, registration_limit, registrations_count, expiration_at, created_at, tags, registration_metadata";

    private final Database database;

    public SqlActivationStore(Database database) {
        this.database = database;
    }

    @Override
    public Activation insert(Activation a, String codeSalt, String codeHash) {
        return database.write(c -> {
            long seq;
            try (PreparedStatement next = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM activation");
                 ResultSet rows = next.executeQuery()) {
                rows.next();
                seq = rows.getLong(1);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO activation (" + COLUMNS
                    + ", code_salt, code_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, a.activationId());
                insert.setString(2, a.tenant().accountId());
                insert.setString(3, a.tenant().region());
                insert.setLong(4, seq);
                insert.setString(5, a.description());
                insert.setString(6, a.defaultInstanceName());
                insert.setString(7, a.iamRole());
                insert.setInt(8, a.registrationLimit());
                insert.setInt(9, a.registrationsCount());
                insert.setLong(10, a.expirationDate().toEpochMilli());
                insert.setLong(11, a.createdDate().toEpochMilli());
                insert.setString(12, JsonColumns.write(a.tags()));
                insert.setString(13, JsonColumns.write(a.registrationMetadata()));
                insert.setString(14, codeSalt);
                insert.setString(15, codeHash);
                insert.executeUpdate();
            }
            return new Activation(a.tenant(), a.activationId(), seq, a.description(), a.defaultInstanceName(),
                    a.iamRole(), a.registrationLimit(), a.registrationsCount(), a.expirationDate(), a.createdDate(),
                    a.tags(), a.registrationMetadata());
        });
    }

    @Override
    public Optional<Activation> find(String activationId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM activation WHERE activation_id = ?")) {
                select.setString(1, activationId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(activation(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Activation> list(Tenant tenant, ActivationFilter filter, long afterSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM activation WHERE account_id = ? AND region = ? AND seq > ?");
        List<Object> args = new ArrayList<>(List.of(tenant.accountId(), tenant.region(), afterSeq));
        in(sql, args, "activation_id", filter.activationIds());
        in(sql, args, "default_instance_name", filter.defaultInstanceNames());
        in(sql, args, "iam_role", filter.iamRoles());
        sql.append(" ORDER BY seq LIMIT ?");
        args.add(limit);
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                SqlColumns.bind(select, args);
                List<Activation> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(activation(rows));
                    }
                }
                return found;
            }
        });
    }

    private static void in(StringBuilder sql, List<Object> args, String column, List<String> values) {
        if (values == null) {
            return;
        }
        if (values.isEmpty()) {
            sql.append(" AND 1 = 0");
            return;
        }
        sql.append(" AND ").append(column).append(" IN (")
                .append(String.join(", ", Collections.nCopies(values.size(), "?"))).append(")");
        args.addAll(values);
    }

    @Override
    public boolean delete(Tenant tenant, String activationId) {
        return database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM activation WHERE activation_id = ? AND account_id = ? AND region = ?")) {
                delete.setString(1, activationId);
                delete.setString(2, tenant.accountId());
                delete.setString(3, tenant.region());
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public RedeemResult redeem(String activationId, String code, Instant now) {
        // The count's own condition decides the last registration, so racing servers wait on the
        // row instead of failing a serializable check over and over (a fleet registers at once).
        return database.writeCommitted(c -> {
            Activation activation;
            String salt;
            String hash;
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + ", code_salt, code_hash FROM activation WHERE activation_id = ?")) {
                select.setString(1, activationId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return new RedeemResult(Redemption.UNKNOWN, null);
                    }
                    activation = activation(rows);
                    salt = rows.getString("code_salt");
                    hash = rows.getString("code_hash");
                }
            }
            if (!ActivationCodes.matches(code, salt, hash)) {
                return new RedeemResult(Redemption.WRONG_CODE, null);
            }
            if (activation.expired(now)) {
                return new RedeemResult(Redemption.EXPIRED, activation);
            }
            if (activation.registrationsCount() >= activation.registrationLimit()) {
                return new RedeemResult(Redemption.LIMIT_REACHED, activation);
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE activation SET registrations_count = "
                    + "registrations_count + 1 WHERE activation_id = ? AND registrations_count < registration_limit")) {
                update.setString(1, activationId);
                if (update.executeUpdate() == 0) {
                    return new RedeemResult(Redemption.LIMIT_REACHED, activation);
                }
            }
            return new RedeemResult(Redemption.REDEEMED, activation);
        });
    }

    private static Activation activation(ResultSet rows) throws SQLException {
        return new Activation(new Tenant(rows.getString("account_id"), rows.getString("region")),
                rows.getString("activation_id"), rows.getLong("seq"), rows.getString("description"),
                rows.getString("default_instance_name"), rows.getString("iam_role"), rows.getInt("registration_limit"),
                rows.getInt("registrations_count"), Instant.ofEpochMilli(rows.getLong("expiration_at")),
                Instant.ofEpochMilli(rows.getLong("created_at")),
                JsonColumns.read(rows.getString("tags"), new TypeReference<List<Tag>>() { }),
                JsonColumns.read(rows.getString("registration_metadata"),
                        new TypeReference<List<Activation.RegistrationMetadataItem>>() { }));
    }
}
