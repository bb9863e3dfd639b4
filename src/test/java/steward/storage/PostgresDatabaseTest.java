package steward.storage;

import steward.testing.StoreFactory;

class PostgresDatabaseTest extends DatabaseContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.postgres();
    }
}
