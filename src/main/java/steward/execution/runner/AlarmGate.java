package steward.execution.runner;

import java.util.List;
import java.util.Optional;
import steward.alarm.AlarmStates;
import steward.association.Alarm;
import steward.association.AlarmConfiguration;
import steward.association.AlarmStateInformation;
import steward.tenant.Tenant;

/**
 * Polls an association's alarm. ALARM stops the run; UNREADABLE stops it unless
 * IgnorePollAlarmFailure is set. An alarm Steward has never been told about reads as
 * INSUFFICIENT_DATA, which does not stop a run.
 */
public final class AlarmGate {
    public record Stop(String detailedStatus, List<AlarmStateInformation> triggeredAlarms) {
    }

    private final AlarmStates alarms;

    public AlarmGate(AlarmStates alarms) {
        this.alarms = alarms;
    }

    public Optional<Stop> check(Tenant tenant, AlarmConfiguration configuration) {
        if (configuration == null || configuration.alarms() == null) {
            return Optional.empty();
        }
        for (Alarm alarm : configuration.alarms()) {
            String state = alarms.state(tenant, alarm.name()).orElse("INSUFFICIENT_DATA");
            if ("ALARM".equals(state)) {
                return Optional.of(new Stop("Stopped: alarm " + alarm.name() + " is in ALARM state",
                        List.of(new AlarmStateInformation(alarm.name(), "ALARM"))));
            }
            if ("UNREADABLE".equals(state) && !Boolean.TRUE.equals(configuration.ignorePollAlarmFailure())) {
                return Optional.of(new Stop("Stopped: the state of alarm " + alarm.name() + " could not be read",
                        List.of(new AlarmStateInformation(alarm.name(), "UNKNOWN"))));
            }
        }
        return Optional.empty();
    }
}
