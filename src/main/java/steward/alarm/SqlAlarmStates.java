package steward.alarm;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import steward.storage.Database;
import steward.tenant.Tenant;

/** Alarm states in portable SQL, one row per alarm name and tenant; setting a state again replaces it. */
public final class SqlAlarmStates implements AlarmStates {
    public static final List<String> STATES = List.of("OK", "ALARM", "INSUFFICIENT_DATA", "UNREADABLE");

    private final Database database;

    public SqlAlarmStates(Database database) {
        this.database = database;
    }

    @Override
    public Optional<String> state(Tenant tenant, String alarmName) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT state FROM alarm_state WHERE account_id = ? AND region = ? AND alarm_name = ?")) {
                select.setString(1, tenant.accountId());
                select.setString(2, tenant.region());
                select.setString(3, alarmName);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void set(Tenant tenant, String alarmName, String state) {
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("not an alarm state: " + state);
        }
        database.write(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO alarm_state (account_id, region, alarm_name, "
                    + "state) VALUES (?, ?, ?, ?) ON CONFLICT (account_id, region, alarm_name) DO UPDATE SET state = excluded.state")) {
                upsert.setString(1, tenant.accountId());
                upsert.setString(2, tenant.region());
                upsert.setString(3, alarmName);
                upsert.setString(4, state);
                return upsert.executeUpdate();
            }
        });
    }
}
