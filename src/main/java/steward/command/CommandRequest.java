package steward.command;

import java.util.List;
import java.util.Map;
import steward.association.AlarmConfiguration;
import steward.association.Target;

/** A SendCommand request after the service model's checks; the runner checks the rest. */
public record CommandRequest(List<String> instanceIds, List<Target> targets, String documentName, String documentVersion,
                             String documentHash, String documentHashType, Integer timeoutSeconds, String comment,
                             Map<String, List<String>> parameters, String outputS3Region, String outputS3BucketName,
                             String outputS3KeyPrefix, String maxConcurrency, String maxErrors, String serviceRoleArn,
                             CommandDefinition.NotificationConfig notificationConfig,
                             CommandDefinition.CloudWatchOutputConfig cloudWatchOutputConfig,
                             AlarmConfiguration alarmConfiguration) {
}
