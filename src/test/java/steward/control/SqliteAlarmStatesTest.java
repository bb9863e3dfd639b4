package steward.control;

import steward.testing.StoreFactory;

class SqliteAlarmStatesTest extends AlarmStatesContract {
    @Override
    protected StoreFactory stores() {
        return StoreFactory.sqlite();
    }
}
