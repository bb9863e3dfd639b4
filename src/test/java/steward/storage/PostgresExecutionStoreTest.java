package steward.storage;

import steward.testing.PostgresFixture;

class PostgresExecutionStoreTest extends ExecutionStoreContract {
    @Override
    protected Database openDatabase() {
        return PostgresFixture.freshDatabase();
    }
}
