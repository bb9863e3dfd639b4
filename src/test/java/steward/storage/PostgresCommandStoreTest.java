package steward.storage;

import steward.testing.PostgresFixture;

class PostgresCommandStoreTest extends CommandStoreContract {
    @Override
    protected Database openDatabase() {
        return PostgresFixture.freshDatabase();
    }
}
