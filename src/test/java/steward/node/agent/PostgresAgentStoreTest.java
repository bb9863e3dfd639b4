package steward.node.agent;

import steward.testing.StoreFactory;

class PostgresAgentStoreTest extends AgentStoreContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.postgres();
    }
}
