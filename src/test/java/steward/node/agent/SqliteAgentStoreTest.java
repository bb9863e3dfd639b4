package steward.node.agent;

import steward.testing.StoreFactory;

class SqliteAgentStoreTest extends AgentStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.sqlite();
    }
}
