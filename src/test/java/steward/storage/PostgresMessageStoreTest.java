package steward.storage;

import steward.testing.StoreFactory;

class PostgresMessageStoreTest extends MessageStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.postgres();
    }
}
