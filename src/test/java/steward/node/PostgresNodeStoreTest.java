package steward.node;

import steward.testing.StoreFactory;

class PostgresNodeStoreTest extends NodeStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.postgres();
    }
}
