package steward.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import steward.alarm.SqlAlarmStates;
import steward.storage.Database;
import steward.storage.sqlite.SqliteDatabase;
import steward.tenant.Tenant;

class AlarmStatesTest {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");

    @TempDir
    Path dir;
    private Database database;
    private SqlAlarmStates alarms;

    @BeforeEach
    void open() {
        database = new SqliteDatabase(dir);
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
        database = new SqliteDatabase(dir);
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
