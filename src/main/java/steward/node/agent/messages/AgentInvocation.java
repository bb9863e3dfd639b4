package steward.node.agent.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import steward.tenant.Tenant;

/**
 * What an agent has reported about one command on one node, folded from its SendReply payloads:
 * the document status so far and every plugin's last entry ({@code plugins}: plugin id to the
 * agent's PluginRuntimeStatus object). The deadlines say when a silent agent is given up on.
 *
 * @param deliveryDeadline  until when the agent may pick the command up (no reply yet)
 * @param executionDeadline until when a command the agent picked up may run; null before pickup
 */
public record AgentInvocation(String messageId, Tenant tenant, String instanceId, String commandId, String status,
                              String detailedStatus, ObjectNode plugins, Instant updatedAt, Instant deliveryDeadline,
                              Instant executionDeadline, Instant finishedAt) {
    public boolean finished() {
        return finishedAt != null;
    }
}
