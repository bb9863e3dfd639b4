package steward.node;

import java.util.List;
import java.util.Optional;
import steward.association.Target;
import steward.tenant.Tenant;

/** The nodes of a tenant, as the runner needs them: by id, and as a target selection resolves. */
public interface NodeDirectory {
    Optional<ManagedNode> find(Tenant tenant, String instanceId);

    /**
     * The nodes {@code targets} select, ordered by instance id: {@code InstanceIds} (with
     * {@code *} for all), {@code tag:<key>} (any of the values), {@code tag-key} (any of the
     * keys); targets that select no node kind Steward keeps (ResourceGroup) select nothing.
     * Several targets are combined with AND, as AWS does. A non-null {@code legacyInstanceId}
     * selects that one node.
     */
    List<ManagedNode> select(Tenant tenant, List<Target> targets, String legacyInstanceId);

    /** Whether {@code node} is among what {@code targets} select, without listing the tenant. */
    boolean selects(ManagedNode node, List<Target> targets, String legacyInstanceId);
}
