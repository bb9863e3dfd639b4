package steward.command.operations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import steward.association.AlarmConfiguration;
import steward.association.AlarmStateInformation;
import steward.association.Target;
import steward.command.Command;
import steward.command.CommandDefinition;
import steward.command.CommandState;

/** The Command shape of SendCommand and ListCommands, in the model's member order. */
record CommandView(String commandId, String documentName, String documentVersion, String comment, Instant expiresAfter,
                   Map<String, List<String>> parameters, List<String> instanceIds, List<Target> targets,
                   Instant requestedDateTime, String status, String statusDetails, String outputS3Region,
                   String outputS3BucketName, String outputS3KeyPrefix, String maxConcurrency, String maxErrors,
                   Integer targetCount, Integer completedCount, Integer errorCount, Integer deliveryTimedOutCount,
                   String serviceRole, CommandDefinition.NotificationConfig notificationConfig,
                   CommandDefinition.CloudWatchOutputConfig cloudWatchOutputConfig, Integer timeoutSeconds,
                   AlarmConfiguration alarmConfiguration, List<AlarmStateInformation> triggeredAlarms) {

    static CommandView of(Command c) {
        CommandDefinition d = c.definition();
        CommandState s = c.state();
        return new CommandView(c.commandId(), c.documentName(), c.documentVersion(),
                d.comment() == null ? "" : d.comment(), c.expiresAfter(),
                d.parameters() == null ? Map.of() : d.parameters(), d.instanceIds(), d.targets(), c.requestedAt(),
                s.status(), s.statusDetails(), d.outputS3Region(), d.outputS3BucketName(), d.outputS3KeyPrefix(),
                d.maxConcurrency(), d.maxErrors(), s.targetCount(), s.completedCount(), s.errorCount(),
                s.deliveryTimedOutCount(), d.serviceRole(), notification(d), cloudWatch(d), d.timeoutSeconds(),
                d.alarmConfiguration(), c.triggeredAlarms());
    }

    /** AWS echoes an empty NotificationConfig when none was given. */
    static CommandDefinition.NotificationConfig notification(CommandDefinition d) {
        return d.notificationConfig() != null ? d.notificationConfig()
                : new CommandDefinition.NotificationConfig("", List.of(), "");
    }

    /** AWS echoes CloudWatch output as disabled when none was configured. */
    static CommandDefinition.CloudWatchOutputConfig cloudWatch(CommandDefinition d) {
        return d.cloudWatchOutputConfig() != null ? d.cloudWatchOutputConfig()
                : new CommandDefinition.CloudWatchOutputConfig("", false);
    }
}
