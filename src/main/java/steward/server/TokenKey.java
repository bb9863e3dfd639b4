package steward.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import steward.storage.Database;
import steward.storage.DatabaseUrl;
import steward.storage.sql.SqlTokenKey;

/**
 * The key that seals NextTokens. It lives in the store (see {@link SqlTokenKey}), so tokens
 * outlive restarts and open on every server sharing the store. A SQLite store that an older
 * Steward used has its key in {@value #FILE_NAME} beside it instead: the first start adopts
 * that key into the store, so NextTokens handed out before the upgrade still open; the file is
 * left in place (read no more) for a downgrade.
 */
final class TokenKey {
    static final String FILE_NAME = "token.key";

    private TokenKey() {
    }

    static byte[] load(Database database, ServerConfig config) {
        SqlTokenKey store = new SqlTokenKey(database);
        Optional<byte[]> existing = store.find();
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] offered = config.database() instanceof DatabaseUrl.Sqlite sqlite
                ? legacyFile(sqlite.file().toAbsolutePath().getParent().resolve(FILE_NAME)) : null;
        if (offered == null) {
            offered = new byte[32];
            new SecureRandom().nextBytes(offered);
        }
        return store.getOrCreate(offered, System.currentTimeMillis());
    }

    private static byte[] legacyFile(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            byte[] key = Files.readAllBytes(file);
            if (key.length < SqlTokenKey.MIN_BYTES) {
                throw new StartupFailure(StartupFailure.STORE, file + " is damaged (shorter than "
                        + SqlTokenKey.MIN_BYTES + " bytes): delete it to make a new key (open NextTokens stop working)",
                        null);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
