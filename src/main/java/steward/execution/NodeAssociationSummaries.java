package steward.execution;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import steward.node.NodeAssociations;
import steward.storage.ExecutionStore;
import steward.tenant.Tenant;

/**
 * A node's association summary from the latest result of each association on it: the
 * status is Failed if any latest result failed, else Pending if any is still running, else
 * Success; the dates are the newest result and the newest successful one among them.
 */
public final class NodeAssociationSummaries implements NodeAssociations {
    private static final int MAX_ASSOCIATIONS = 2_000;

    private final ExecutionStore executions;

    public NodeAssociationSummaries(ExecutionStore executions) {
        this.executions = executions;
    }

    @Override
    public Summary summary(Tenant tenant, String instanceId) {
        List<InstanceAssociationStatus> latest = executions.instanceStatuses(tenant, instanceId, null, MAX_ASSOCIATIONS);
        if (latest.isEmpty()) {
            return Summary.NONE;
        }
        Map<String, Integer> counts = new TreeMap<>();
        Instant last = null;
        Instant lastSuccess = null;
        for (InstanceAssociationStatus s : latest) {
            counts.merge(s.status(), 1, Integer::sum);
            last = later(last, s.executionDate());
            if (ExecutionStatus.SUCCESS.equals(s.status())) {
                lastSuccess = later(lastSuccess, s.executionDate());
            }
        }
        String status = counts.keySet().stream().anyMatch(k -> !ExecutionStatus.isFinal(k)) ? ExecutionStatus.PENDING
                : counts.size() == 1 && counts.containsKey(ExecutionStatus.SUCCESS) ? ExecutionStatus.SUCCESS
                : ExecutionStatus.FAILED;
        if (counts.keySet().stream().anyMatch(k -> ExecutionStatus.isFinal(k) && !ExecutionStatus.SUCCESS.equals(k))) {
            status = ExecutionStatus.FAILED;
        }
        return new Summary(status, last, lastSuccess, status, counts);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }
}
