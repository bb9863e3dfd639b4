package steward.storage.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import steward.storage.Database;

/**
 * The key that seals NextTokens, kept in the store so that every server on it seals and opens
 * tokens alike. The first server to start makes it; the others (and later starts) read it. Two
 * servers starting at once both offer a key and both end up with the one that was inserted.
 */
public final class SqlTokenKey {
    public static final int MIN_BYTES = 32;

    private final Database database;

    public SqlTokenKey(Database database) {
        this.database = database;
    }

    /** The store's key, if one has been made. */
    public Optional<byte[]> find() {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT key_bytes FROM token_key WHERE id = 1");
                 ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
        });
    }

    /** The store's key; {@code offered} becomes it when the store has none yet. */
    public byte[] getOrCreate(byte[] offered, long nowMillis) {
        if (offered.length < MIN_BYTES) {
            throw new IllegalArgumentException("a token key has at least " + MIN_BYTES + " bytes");
        }
        return database.write(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO token_key (id, key_bytes, created_at) "
                    + "VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setBytes(1, offered);
                insert.setLong(2, nowMillis);
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT key_bytes FROM token_key WHERE id = 1");
                 ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBytes(1);
            }
        });
    }
}
