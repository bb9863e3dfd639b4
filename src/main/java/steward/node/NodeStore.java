package steward.node;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/** Durable managed nodes with their tags. Every method is scoped to one tenant. */
public interface NodeStore {
    /** The resource type under which node tags are kept, as AWS's tagging API names it. */
    String RESOURCE_TYPE = "ManagedInstance";

    /** Stores {@code node} with {@code tags} in one transaction; false if the tenant already has its id. */
    boolean insert(ManagedNode node, List<Tag> tags);

    Optional<ManagedNode> find(Tenant tenant, String instanceId);

    /** Replaces the behavior of a simulated node; false if there is no simulated node with that id. */
    boolean setBehavior(Tenant tenant, String instanceId, NodeBehavior behavior);

    /** Deletes the node and its tags; false if there was none. */
    boolean delete(Tenant tenant, String instanceId);

    /** Nodes matching every condition, with ids after {@code afterInstanceId} (null: from the start), by id. */
    List<ManagedNode> list(Tenant tenant, List<NodeCondition> conditions, String afterInstanceId, int limit);

    /** Whether the node exists and matches every condition. */
    boolean matches(Tenant tenant, String instanceId, List<NodeCondition> conditions);

    List<Tag> tags(Tenant tenant, String instanceId);

    /** The tags of every node of the tenant, by instance id; nodes without tags are absent. */
    Map<String, List<Tag>> allTags(Tenant tenant);

    /**
     * Records a health report as the node's latest ping: Online, with what it reported; false if no
     * such node. Simulated nodes take reports too (an administrator may send one); they stay Online.
     */
    boolean reportHealth(Tenant tenant, String instanceId, HealthReport report, java.time.Instant at);

    /** Agents of the tenant whose last ping is before {@code cutoff} become ConnectionLost; returns how many. */
    int markConnectionLost(Tenant tenant, java.time.Instant cutoff);

    /**
     * Agents (not simulated nodes) of every tenant whose last health report is at or after
     * {@code since}: the ones online now, whether or not a reader has marked the others
     * ConnectionLost yet.
     */
    int agentsOnline(java.time.Instant since);
}
