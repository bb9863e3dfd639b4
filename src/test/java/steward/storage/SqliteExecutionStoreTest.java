package steward.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import steward.storage.sqlite.SqliteDatabase;

class SqliteExecutionStoreTest extends ExecutionStoreContract {
    @Override
    protected Database openDatabase() {
        try {
            return new SqliteDatabase(Files.createTempDirectory("steward-store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
