package steward.storage;

import steward.testing.StoreFactory;

class PostgresAssociationStoreTest extends AssociationStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.postgres();
    }
}
