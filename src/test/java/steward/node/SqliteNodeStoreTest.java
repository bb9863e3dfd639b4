package steward.node;

import steward.testing.StoreFactory;

class SqliteNodeStoreTest extends NodeStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.sqlite();
    }
}
