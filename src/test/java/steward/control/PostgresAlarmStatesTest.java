package steward.control;

import steward.testing.StoreFactory;

class PostgresAlarmStatesTest extends AlarmStatesContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.postgres();
    }
}
