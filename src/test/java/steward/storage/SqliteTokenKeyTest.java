package steward.storage;

import steward.testing.StoreFactory;

class SqliteTokenKeyTest extends TokenKeyContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.sqlite();
    }
}
