package steward.node.activation;

import steward.testing.StoreFactory;

class SqliteActivationStoreTest extends ActivationStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.sqlite();
    }
}
