package steward.node.agent.messages;

import java.time.Instant;
import steward.tenant.Tenant;

/**
 * One ec2messages message to an agent. {@code messageId} is {@code aws.ssm.<commandId>.<instanceId>}:
 * the agent takes the command id from it, so neither id may contain a dot.
 */
public record AgentMessage(String messageId, Tenant tenant, String instanceId, String commandId, String topic,
                           String payload, Instant createdDate, State state) {
    public static final String SEND_COMMAND_TOPIC = "aws.ssm.sendCommand";
    public static final String CANCEL_COMMAND_TOPIC = "aws.ssm.cancelCommand";

    /** Where a message is in its life; only Queued and Delivered ones can be (re)delivered. */
    public enum State { Queued, Delivered, Acknowledged, Completed, Failed, Deleted }

    /** The agent reads only the prefix; the region follows it as in AWS's own topics ({@code aws.ssm.sendCommand.us.east.1.1}). */
    public static String topic(String prefix, Tenant tenant) {
        return prefix + "." + tenant.region().replace('-', '.') + ".1";
    }

    public static String messageId(String commandId, String instanceId) {
        return "aws.ssm." + commandId + "." + instanceId;
    }
}
