package steward.execution;

import java.time.Instant;

/** The latest result of one association on one node. */
public record InstanceAssociationStatus(String instanceId, String associationId, int associationVersion,
                                        String executionId, String status, String detailedStatus, Instant executionDate) {
}
