package steward.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.alarm.SqlAlarmStates;
import steward.storage.Database;
import steward.tenant.Tenant;
import steward.testing.StoreFactory;

/** Run on both stores by SqliteAlarmStatesTest and PostgresAlarmStatesTest. */
public abstract class AlarmStatesContract {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");

    private final StoreFactory stores = stores();

    protected abstract StoreFactory stores();

    private Database database;
    private SqlAlarmStates alarms;

    @BeforeEach
    void open() {
        database = stores.open();
        alarms = new SqlAlarmStates(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anAlarmNeverSetHasNoState() {
        assertEquals(Optional.empty(), alarms.state(TENANT, "cpu"));
    }

    @Test
    void settingAgainReplacesTheState() {
        alarms.set(TENANT, "cpu", "ALARM");
        alarms.set(TENANT, "cpu", "OK");
        assertEquals(Optional.of("OK"), alarms.state(TENANT, "cpu"));
    }

    @Test
    void statesSurviveARestart() {
        alarms.set(TENANT, "cpu", "INSUFFICIENT_DATA");
        database.close();
        database = stores.openAgain();
        assertEquals(Optional.of("INSUFFICIENT_DATA"), new SqlAlarmStates(database).state(TENANT, "cpu"));
    }

    @Test
    void sameNameInAnotherAccountOrRegionIsAnotherAlarm() {
        alarms.set(TENANT, "cpu", "ALARM");
        alarms.set(new Tenant("111122223333", "us-east-1"), "cpu", "OK");
        assertEquals(Optional.of("ALARM"), alarms.state(TENANT, "cpu"));
        assertEquals(Optional.empty(), alarms.state(new Tenant("000000000000", "eu-west-1"), "cpu"));
    }

    @Test
    void somethingThatIsNoAlarmStateIsNeverStored() {
        assertThrows(IllegalArgumentException.class, () -> alarms.set(TENANT, "cpu", "RED"));
        assertEquals(Optional.empty(), alarms.state(TENANT, "cpu"));
    }
}
