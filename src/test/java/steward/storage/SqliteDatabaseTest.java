package steward.storage;

import steward.testing.StoreFactory;

class SqliteDatabaseTest extends DatabaseContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.sqlite();
    }
}
