package steward.storage;

import steward.testing.PostgresFixture;

class PostgresDocumentStoreTest extends DocumentStoreContract {
    @Override
    protected Database openDatabase() {
        return PostgresFixture.freshDatabase();
    }
}
