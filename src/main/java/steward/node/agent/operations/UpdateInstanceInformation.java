package steward.node.agent.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.errors.SsmException;
import steward.node.HealthReport;
import steward.node.NodeService;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * UpdateInstanceInformation, the agent's health report and Steward's only sign that it is
 * alive: the node becomes Online with what it reported. Empty strings (the availability zone
 * members on-premises) and members the start-up ping leaves out change nothing.
 */
public final class UpdateInstanceInformation implements Operation {
    private final NodeService nodes;

    public UpdateInstanceInformation(NodeService nodes) {
        this.nodes = nodes;
    }

    @Override
    public String name() {
        return "UpdateInstanceInformation";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String instanceId = Inputs.text(input, "InstanceId");
        HealthReport report = new HealthReport(value(input, "AgentVersion"), value(input, "PlatformType"),
                value(input, "PlatformName"), value(input, "PlatformVersion"), value(input, "IPAddress"),
                value(input, "ComputerName"));
        if (!nodes.reportHealth(call.tenant(), instanceId, report)) {
            throw new SsmException("InvalidInstanceId", "Instance " + instanceId
                    + " is not a managed node of this account and Region.");
        }
        return null;
    }

    private static String value(JsonNode input, String member) {
        String text = Inputs.text(input, member);
        return text == null || text.isEmpty() ? null : text;
    }
}
