package steward.node.operations;

import com.fasterxml.jackson.databind.JsonNode;
import steward.node.agent.AgentRegistry;
import steward.node.agent.messages.AgentNodeCommands;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * DeregisterManagedInstance: the node leaves the managed nodes; its agent's key and credentials
 * stop working at once, and it can come back only by registering again with an activation.
 */
public final class DeregisterManagedInstance implements Operation {
    private final AgentRegistry registry;
    private final AgentNodeCommands commands;

    public DeregisterManagedInstance(AgentRegistry registry, AgentNodeCommands commands) {
        this.registry = registry;
        this.commands = commands;
    }

    @Override
    public String name() {
        return "DeregisterManagedInstance";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String instanceId = Inputs.text(input, "InstanceId");
        registry.deregister(call.tenant(), instanceId);
        commands.nodeLeft(instanceId);
        return null;
    }
}
