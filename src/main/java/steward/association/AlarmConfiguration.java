package steward.association;

import java.util.List;

public record AlarmConfiguration(Boolean ignorePollAlarmFailure, List<Alarm> alarms) {
}
