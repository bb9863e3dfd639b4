package steward.node.activation;

import steward.testing.StoreFactory;

class PostgresActivationStoreTest extends ActivationStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.postgres();
    }
}
