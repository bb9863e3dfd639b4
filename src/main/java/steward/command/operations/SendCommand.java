package steward.command.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import steward.association.Target;
import steward.command.CommandRequest;
import steward.command.CommandRunner;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * SendCommand: the request's rules the model cannot state (InstanceIds or Targets, output,
 * role and notification settings), then the runner's (document, parameters, nodes).
 * OutputS3*, CloudWatchOutputConfig, NotificationConfig and ServiceRoleArn are checked for
 * form, stored and echoed; nothing is uploaded or notified.
 */
public final class SendCommand implements Operation {
    private static final Pattern INSTANCE_ID = Pattern.compile("(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)");
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$");
    private static final Pattern SNS_ARN = Pattern.compile("^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[\\w-]{1,256}$");

    record Response(CommandView command) {
    }

    private final CommandRunner runner;

    public SendCommand(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "SendCommand";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        CommandRequest request = Inputs.as(input, CommandRequest.class);
        checkNodes(request);
        checkOutput(request);
        return new Response(CommandView.of(runner.send(call.tenant(), request)));
    }

    private static void checkNodes(CommandRequest r) {
        boolean ids = r.instanceIds() != null && !r.instanceIds().isEmpty();
        boolean targets = r.targets() != null && !r.targets().isEmpty();
        if (ids && targets) {
            throw SsmException.validation("InstanceIds and Targets can't be used together; specify one of them.");
        }
        if (!ids && !targets) {
            throw SsmException.validation("Specify the nodes to run the command on in InstanceIds or Targets.");
        }
        if (ids) {
            Set<String> seen = new HashSet<>();
            for (String id : r.instanceIds()) {
                if (!INSTANCE_ID.matcher(id).matches()) {
                    throw new SsmException(ErrorCodes.INVALID_INSTANCE_ID, "Instance Id " + id + " is not valid.");
                }
                if (!seen.add(id)) {
                    throw new SsmException(ErrorCodes.DUPLICATE_INSTANCE_ID, "Instance Id " + id
                            + " is listed more than once in InstanceIds.");
                }
            }
            return;
        }
        // Any key is accepted, as the model allows: one Steward cannot resolve (a resource group) selects no node.
        for (Target target : r.targets()) {
            String key = target.key();
            if ("InstanceIds".equals(key)) {
                for (String id : target.values() == null ? List.<String>of() : target.values()) {
                    if (!id.equals("*") && !INSTANCE_ID.matcher(id).matches()) {
                        throw new SsmException(ErrorCodes.INVALID_INSTANCE_ID, "Instance Id " + id + " is not valid.");
                    }
                }
            }
        }
    }

    private static void checkOutput(CommandRequest r) {
        if (r.outputS3BucketName() != null && !BUCKET.matcher(r.outputS3BucketName()).matches()) {
            throw new SsmException(ErrorCodes.INVALID_OUTPUT_FOLDER, "OutputS3BucketName " + r.outputS3BucketName()
                    + " is not a valid S3 bucket name.");
        }
        if (r.serviceRoleArn() != null && !ROLE_ARN.matcher(r.serviceRoleArn()).matches()) {
            throw new SsmException(ErrorCodes.INVALID_ROLE, "ServiceRoleArn " + r.serviceRoleArn()
                    + " is not an IAM role ARN.");
        }
        var notification = r.notificationConfig();
        if (notification != null && notification.notificationArn() != null) {
            if (!SNS_ARN.matcher(notification.notificationArn()).matches()) {
                throw new SsmException(ErrorCodes.INVALID_NOTIFICATION_CONFIG, "NotificationConfig.NotificationArn "
                        + notification.notificationArn() + " is not an Amazon SNS topic ARN.");
            }
            if (r.serviceRoleArn() == null) {
                throw new SsmException(ErrorCodes.INVALID_ROLE,
                        "NotificationConfig needs ServiceRoleArn, the role that publishes to the topic.");
            }
        }
    }
}
