package steward.alarm;

import java.util.Optional;
import steward.tenant.Tenant;

/** CloudWatch alarm states as Steward sees them: OK, ALARM, INSUFFICIENT_DATA or UNREADABLE. */
public interface AlarmStates {
    Optional<String> state(Tenant tenant, String alarmName);

    void set(Tenant tenant, String alarmName, String state);
}
