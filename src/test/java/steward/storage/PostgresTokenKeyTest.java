package steward.storage;

import steward.testing.StoreFactory;

class PostgresTokenKeyTest extends TokenKeyContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.postgres();
    }
}
