package steward.storage;

import steward.testing.PostgresFixture;

class PostgresComplianceStoreTest extends ComplianceStoreContract {
    @Override
    protected Database openDatabase() {
        return PostgresFixture.freshDatabase();
    }
}
