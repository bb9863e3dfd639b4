package steward.command;

import java.util.List;
import java.util.Map;
import steward.association.AlarmConfiguration;
import steward.association.Target;

/**
 * What the sender asked for, kept as sent and echoed by ListCommands. OutputS3*, the
 * notification, CloudWatch and service role settings are validated and stored, never acted on.
 *
 * @param executionTimeoutSeconds the document's executionTimeout as resolved for this command
 */
public record CommandDefinition(String comment, Map<String, List<String>> parameters, List<String> instanceIds,
                                List<Target> targets, String outputS3Region, String outputS3BucketName,
                                String outputS3KeyPrefix, String maxConcurrency, String maxErrors, String serviceRole,
                                NotificationConfig notificationConfig, CloudWatchOutputConfig cloudWatchOutputConfig,
                                Integer timeoutSeconds, AlarmConfiguration alarmConfiguration,
                                long executionTimeoutSeconds) {

    public record NotificationConfig(String notificationArn, List<String> notificationEvents, String notificationType) {
    }

    public record CloudWatchOutputConfig(String cloudWatchLogGroupName, Boolean cloudWatchOutputEnabled) {
    }
}
