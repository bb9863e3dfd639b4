package steward.storage;

import steward.testing.StoreFactory;

class PostgresTagStoreTest extends TagStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.postgres();
    }
}
