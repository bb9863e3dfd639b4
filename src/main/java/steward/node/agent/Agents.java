package steward.node.agent;

import java.time.Duration;
import java.time.InstantSource;
import java.util.function.BiPredicate;
import java.util.ArrayList;
import java.util.List;
import steward.auth.CredentialStore;
import steward.auth.InstanceKeyVerifier;
import steward.node.InstanceInformation;
import steward.node.NodeService;
import steward.node.activation.ActivationService;
import steward.node.agent.messages.AgentNodeCommands;
import steward.node.agent.messages.MessageQueue;
import steward.node.agent.messages.MessageStore;
import steward.node.agent.messages.operations.AcknowledgeMessage;
import steward.node.agent.messages.operations.DeleteMessage;
import steward.node.agent.messages.operations.FailMessage;
import steward.node.agent.messages.operations.GetEndpoint;
import steward.node.agent.messages.operations.GetMessages;
import steward.node.agent.messages.operations.SendReply;
import steward.node.agent.operations.ListInstanceAssociations;
import steward.node.agent.operations.RegisterManagedInstance;
import steward.node.agent.operations.UpdateInstanceAssociationStatus;
import steward.node.agent.operations.RequestManagedInstanceRoleToken;
import steward.node.agent.operations.UpdateInstanceInformation;
import steward.node.agent.operations.UpdateManagedInstancePublicKey;
import steward.node.operations.CreateActivation;
import steward.node.operations.DeleteActivation;
import steward.node.operations.DeregisterManagedInstance;
import steward.node.operations.DescribeActivations;
import steward.node.operations.DescribeInstanceInformation;
import steward.paging.PageTokens;
import steward.protocol.Operation;
import steward.storage.Database;
import steward.storage.sql.SqlActivationStore;
import steward.storage.sql.SqlAgentStore;
import steward.storage.sql.SqlMessageStore;
import steward.tenant.Tenant;

/**
 * Everything real machines need, built in one place so the server's wiring stays one call:
 * activations, agent registration and credentials, health, and ec2messages with the commands
 * sent over it.
 */
public final class Agents implements AutoCloseable {
    private final ActivationService activations;
    private final AgentRegistry registry;
    private final NodeService nodes;
    private final MessageQueue queue;
    private final AgentNodeCommands commands;
    private final java.util.concurrent.ScheduledExecutorService housekeeping =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "agent-message-housekeeping");
                thread.setDaemon(true);
                return thread;
            });

    public Agents(Database database, NodeService nodes, InstantSource clock, Duration longPoll) {
        this.activations = new ActivationService(new SqlActivationStore(database), clock);
        this.registry = new AgentRegistry(activations, new SqlAgentStore(database), nodes, clock);
        this.nodes = nodes;
        MessageStore messages = new SqlMessageStore(database);
        this.queue = new MessageQueue(messages, clock, longPoll);
        this.commands = new AgentNodeCommands(queue, messages,
                (tenant, id) -> registry.identity(id).filter(i -> i.tenant().equals(tenant)).isPresent(), clock);
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                queue.forgetOld();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Agents.class).warn("forgetting old agent messages failed", e);
            }
        }, 1, 60, java.util.concurrent.TimeUnit.MINUTES);
    }

    /** How the runner reaches agents' nodes. */
    public AgentNodeCommands commands() {
        return commands;
    }

    public MessageQueue queue() {
        return queue;
    }

    /** The ec2messages operations; GetEndpoint answers {@code endpoint}. */
    public List<Operation> messageOperations(java.util.function.Supplier<String> endpoint) {
        return List.of(new GetMessages(queue), new AcknowledgeMessage(commands), new SendReply(commands),
                new FailMessage(commands), new DeleteMessage(commands), new GetEndpoint(endpoint));
    }

    /** Answers open polls and stops the deadline checks; the database belongs to the caller. */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        queue.close();
        commands.close();
    }

    public AgentRegistry registry() {
        return registry;
    }

    /** The credentials issued to agents, to be consulted before the server's own keys. */
    public CredentialStore credentials() {
        return registry.credentials();
    }

    /** The verifier of agents' RSA-signed calls; signatures are checked against {@code wallClock}. */
    public InstanceKeyVerifier keyVerifier(InstantSource wallClock) {
        return new InstanceKeyVerifier(registry.keys(), wallClock);
    }

    /** DescribeInstanceInformation's view of agent registrations. */
    public DescribeInstanceInformation.Registrations registrations() {
        return (tenant, ids) -> {
            var found = new java.util.HashMap<String, InstanceInformation.Registration>();
            registry.identities(tenant, ids).forEach((id, identity) -> found.put(id,
                    new InstanceInformation.Registration(identity.activationId(), identity.iamRole(), identity.name())));
            return found;
        };
    }

    /** The SSM operations of activations, registration and health. */
    public List<Operation> ssmOperations(PageTokens tokens, BiPredicate<Tenant, String> associationExists) {
        List<Operation> operations = new ArrayList<>();
        operations.add(new CreateActivation(activations));
        operations.add(new DescribeActivations(activations, tokens));
        operations.add(new DeleteActivation(activations));
        operations.add(new DeregisterManagedInstance(registry, commands));
        operations.add(new RegisterManagedInstance(registry));
        operations.add(new RequestManagedInstanceRoleToken(registry));
        operations.add(new UpdateManagedInstancePublicKey(registry));
        operations.add(new UpdateInstanceInformation(nodes));
        operations.add(new ListInstanceAssociations());
        operations.add(new UpdateInstanceAssociationStatus(associationExists));
        return operations;
    }
}
