package steward.storage;

import steward.testing.StoreFactory;

class SqliteMessageStoreTest extends MessageStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.sqlite();
    }
}
