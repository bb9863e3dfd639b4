package steward.storage;

import steward.testing.StoreFactory;

class SqliteAssociationStoreTest extends AssociationStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.sqlite();
    }
}
