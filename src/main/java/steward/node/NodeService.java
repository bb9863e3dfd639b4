package steward.node;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.association.Target;
import steward.errors.SsmException;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/**
 * The managed nodes of every tenant: registration (with defaults that look like a real node),
 * behavior changes, deletion, and target selection for the runner. Validation messages name
 * the member the caller sent, so the control API can pass them on unchanged.
 */
public final class NodeService implements NodeDirectory {
    public static final String NOT_FOUND = "ResourceNotFoundException";
    public static final String ALREADY_EXISTS = "ResourceAlreadyExistsException";
    public static final String ONLINE = "Online";
    /** The PingStatus of a simulated node whose Behavior is Offline. */
    public static final String CONNECTION_LOST = "ConnectionLost";
    private static final Pattern MANAGED_ID = Pattern.compile("^mi-[0-9a-f]{17}$");
    private static final Pattern EC2_ID = Pattern.compile("^i-(\\w{8}|\\w{17})$");
    private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);
    private static final int ID_ATTEMPTS = 5;

    private final NodeStore store;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private final List<NodeListener> listeners = new CopyOnWriteArrayList<>();

    public NodeService(NodeStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Called after each registration is committed, on the registering thread, in the order added. */
    public void addListener(NodeListener listener) {
        listeners.add(listener);
    }

    public static boolean validInstanceId(String id) {
        return id != null && (MANAGED_ID.matcher(id).matches() || EC2_ID.matcher(id).matches());
    }

    /**
     * Stores a new simulated node: {@code ResourceAlreadyExistsException} if the tenant has the
     * id already, {@code ValidationException} naming the member for anything malformed.
     */
    public ManagedNode register(Tenant tenant, NodeRegistration request) {
        if (request.instanceId() != null && !validInstanceId(request.instanceId())) {
            throw SsmException.validation("InstanceId " + request.instanceId() + " is not valid: use mi- and 17 "
                    + "lowercase hexadecimal digits (mi-0123456789abcdef0), or an EC2 id (i-0123456789abcdef0).");
        }
        String platformType = request.platformType() == null ? Platforms.DEFAULT_TYPE : request.platformType();
        if (!Platforms.TYPES.contains(platformType)) {
            throw SsmException.validation("PlatformType " + platformType + " is not valid: use one of "
                    + String.join(", ", Platforms.TYPES) + ".");
        }
        checkComputerName(request.computerName());
        List<Tag> tags = request.tags() == null ? List.of() : List.copyOf(request.tags());
        NodeTags.check(tags);
        NodeBehavior behavior = request.behavior() == null ? NodeBehavior.SUCCEED_AT_ONCE : request.behavior();
        NodeBehaviors.check(behavior);
        for (int attempt = 1; ; attempt++) {
            String id = request.instanceId() != null ? request.instanceId() : newManagedId();
            ManagedNode node = build(tenant, id, request.computerName(), platformType, behavior);
            if (store.insert(node, tags)) {
                notifyListeners(node);
                return node;
            }
            if (request.instanceId() != null) {
                throw new SsmException(ALREADY_EXISTS, "A node with InstanceId " + id + " is already registered.");
            }
            if (attempt == ID_ATTEMPTS) {
                throw SsmException.internal("Could not generate an unused instance id.");
            }
        }
    }

    @Override
    public Optional<ManagedNode> find(Tenant tenant, String instanceId) {
        return instanceId == null ? Optional.empty() : store.find(tenant, instanceId);
    }

    /** The node after the change; {@code ResourceNotFoundException} when the tenant has no such node. */
    public ManagedNode setBehavior(Tenant tenant, String instanceId, NodeBehavior behavior) {
        NodeBehaviors.check(behavior);
        if (!store.setBehavior(tenant, instanceId, behavior)) {
            ManagedNode existing = require(tenant, instanceId);
            throw SsmException.validation("Node " + existing.instanceId()
                    + " is a real agent; only simulated nodes have a Behavior.");
        }
        return require(tenant, instanceId);
    }

    /**
     * Stores the node an agent registered: no behavior (the agent runs what it is sent), no
     * platform facts until its first health report, and ConnectionLost until that report.
     * Listeners are told, so associations that target it (by tag, say) reach it.
     */
    public ManagedNode registerAgent(Tenant tenant, String instanceId, String computerName, List<Tag> tags) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ManagedNode node = new ManagedNode(tenant, instanceId, computerName == null ? "" : computerName,
                Platforms.DEFAULT_TYPE, "", "", "", "", HealthReport.CONNECTION_LOST, now, now, null);
        if (!store.insert(node, tags == null ? List.of() : List.copyOf(tags))) {
            throw new SsmException(ALREADY_EXISTS, "A node with InstanceId " + instanceId + " is already registered.");
        }
        notifyListeners(node);
        return node;
    }

    /** An agent's health report: the node is Online as of now; false if the tenant has no such agent node. */
    public boolean reportHealth(Tenant tenant, String instanceId, HealthReport report) {
        return store.reportHealth(tenant, instanceId, report, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Agents silent for longer than {@link HealthReport#CONNECTION_LOST_AFTER} become ConnectionLost. */
    public void refreshPingStatus(Tenant tenant) {
        store.markConnectionLost(tenant, clock.instant().minus(HealthReport.CONNECTION_LOST_AFTER));
    }

    /** Agents of every tenant that reported within {@link HealthReport#CONNECTION_LOST_AFTER}. */
    public int agentsOnline() {
        return store.agentsOnline(clock.instant().minus(HealthReport.CONNECTION_LOST_AFTER));
    }

    public ManagedNode require(Tenant tenant, String instanceId) {
        return find(tenant, instanceId).orElseThrow(() -> notFound(instanceId));
    }

    /** Deletes the node and its tags; {@code ResourceNotFoundException} when the tenant has no such node. */
    public void delete(Tenant tenant, String instanceId) {
        if (!store.delete(tenant, instanceId)) {
            throw notFound(instanceId);
        }
    }

    public List<ManagedNode> list(Tenant tenant, List<NodeCondition> conditions, String afterInstanceId, int limit) {
        return store.list(tenant, conditions, afterInstanceId, limit);
    }

    public List<Tag> tags(Tenant tenant, String instanceId) {
        return store.tags(tenant, instanceId);
    }

    public Map<String, List<Tag>> allTags(Tenant tenant) {
        return store.allTags(tenant);
    }

    @Override
    public List<ManagedNode> select(Tenant tenant, List<Target> targets, String legacyInstanceId) {
        if (legacyInstanceId != null) {
            return find(tenant, legacyInstanceId).map(List::of).orElse(List.of());
        }
        return TargetSelection.conditions(targets)
                .map(conditions -> store.list(tenant, conditions, null, Integer.MAX_VALUE))
                .orElse(List.of());
    }

    @Override
    public boolean selects(ManagedNode node, List<Target> targets, String legacyInstanceId) {
        if (legacyInstanceId != null) {
            return legacyInstanceId.equals(node.instanceId());
        }
        return TargetSelection.conditions(targets)
                .map(conditions -> store.matches(node.tenant(), node.instanceId(), conditions))
                .orElse(false);
    }

    private ManagedNode build(Tenant tenant, String id, String computerName, String platformType, NodeBehavior behavior) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Platforms.Os os = Platforms.operatingSystem(platformType);
        String name = computerName != null ? computerName : "sim-" + id.substring(Math.max(0, id.length() - 6));
        return new ManagedNode(tenant, id, name, platformType, os.name(), os.version(), Platforms.LATEST_AGENT_VERSION,
                Platforms.ipAddress(id), behavior != null && behavior.offline() ? CONNECTION_LOST : ONLINE, now, now, behavior);
    }

    private String newManagedId() {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return "mi-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    private void notifyListeners(ManagedNode node) {
        for (NodeListener listener : listeners) {
            try {
                listener.registered(node);
            } catch (RuntimeException e) {
                // The node is durable already; one listener's failure must not undo or hide that.
                LOG.error("node listener failed for {}", node.instanceId(), e);
            }
        }
    }

    private static void checkComputerName(String name) {
        if (name == null) {
            return;
        }
        if (name.isEmpty() || name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
            throw SsmException.validation("ComputerName must have 1 to 255 characters and no control characters.");
        }
    }

    private static SsmException notFound(String instanceId) {
        return new SsmException(NOT_FOUND, "No managed node with InstanceId " + instanceId + ".");
    }
}
