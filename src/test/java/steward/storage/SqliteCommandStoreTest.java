package steward.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import steward.storage.sqlite.SqliteDatabase;

class SqliteCommandStoreTest extends CommandStoreContract {
    @Override
    protected Database openDatabase() {
        try {
            return new SqliteDatabase(Files.createTempDirectory("steward-commands"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
