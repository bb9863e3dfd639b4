package steward.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import steward.storage.sqlite.SqliteDatabase;

class SqliteComplianceStoreTest extends ComplianceStoreContract {
    @Override
    protected Database openDatabase() {
        try {
            return new SqliteDatabase(Files.createTempDirectory("steward-compliance"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
