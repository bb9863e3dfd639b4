package steward.storage;

import steward.testing.StoreFactory;

class SqliteTagStoreTest extends TagStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.sqlite();
    }
}
