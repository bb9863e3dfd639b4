package steward.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationDescription;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import steward.testing.Clients;
import steward.testing.ControlClient;
import steward.testing.ServerProcess;
import steward.testing.TestServer;

/**
 * kill -9 during a run of 50 slow nodes, 20 at a time: after the restart nothing acknowledged is
 * lost and the restarted server finishes the run instead of leaving it InProgress forever: the
 * 30 targets never sent are sent now, and the 20 whose simulated runs died with the killed
 * server end TimedOut saying so. (Before leases the restart ended the whole run TimedOut.)
 */
class RunCrashRecoveryTest {
    private static final int NODES = 50;

    @Test
    void runInterruptedByKillNineEndsHonestlyAfterRestart() throws Exception {
        Path dataDir = Files.createTempDirectory("steward-crash");
        try {
            String associationId;
            String executionId;
            List<String> nodes;
            try (ServerProcess server = ServerProcess.start(dataDir); SsmClient ssm = Clients.ssm(server.endpoint())) {
                Fleet fleet = new Fleet(new ControlClient(server.endpoint()), ssm);
                nodes = fleet.nodes(NODES, "Success", 120_000);
                associationId = fleet.create(fleet.association().maxConcurrency("20"));
                executionId = ssm.describeAssociationExecutions(r -> r.associationId(associationId))
                        .associationExecutions().get(0).executionId();
                awaitInProgress(ssm, associationId, executionId, 20);
                // What has not been sent yet will run quickly when the restarted server sends it.
                for (String node : nodes) {
                    fleet.behave(node, "Success", 0);
                }
                server.kill();
            }
            try (ServerProcess server = ServerProcess.start(dataDir); SsmClient ssm = Clients.ssm(server.endpoint())) {
                AssociationExecution run = new Fleet(new ControlClient(server.endpoint()), ssm)
                        .awaitRuns(associationId, 1).get(0);
                assertEquals(executionId, run.executionId());
                assertEquals("Failed", run.status());
                assertEquals("{Success=30, TimedOut=20}", run.resourceCountByStatus());
                assertTrue(run.lastExecutionDate() != null);

                List<AssociationExecutionTarget> targets = ssm.describeAssociationExecutionTargetsPaginator(r -> r
                        .associationId(associationId).executionId(executionId)).associationExecutionTargets().stream().toList();
                assertEquals(NODES, targets.size(), "every selected node is accounted for");
                Map<String, Long> byStatus = targets.stream()
                        .collect(Collectors.groupingBy(AssociationExecutionTarget::status, Collectors.counting()));
                assertEquals(Map.of("TimedOut", 20L, "Success", 30L), byStatus);
                for (AssociationExecutionTarget target : targets) {
                    if (target.status().equals("TimedOut")) {
                        assertTrue(target.detailedStatus().contains("server running this target stopped"),
                                target.detailedStatus());
                    }
                    assertTrue(target.lastExecutionDate() != null);
                }
                AssociationDescription association = ssm.describeAssociation(r -> r.associationId(associationId))
                        .associationDescription();
                assertEquals("Failed", association.overview().status());
                assertEquals(NODES, ssm.describeInstanceInformationPaginator(r -> r.maxResults(50))
                        .instanceInformationList().stream().count(), "the acknowledged nodes are all there");
                var compliance = ssm.listComplianceSummaries(r -> r.maxResults(50)).complianceSummaryItems();
                assertEquals(1, compliance.size(), compliance.toString());
                assertEquals(20, compliance.get(0).nonCompliantSummary().nonCompliantCount(),
                        "each target lost with the server left its node non-compliant");
                assertEquals(30, compliance.get(0).compliantSummary().compliantCount());
            }
        } finally {
            TestServer.deleteRecursively(dataDir);
        }
    }

    private static void awaitInProgress(SsmClient ssm, String associationId, String executionId, int expected)
            throws InterruptedException {
        for (int attempt = 0; attempt < 300; attempt++) {
            long running = ssm.describeAssociationExecutionTargetsPaginator(r -> r.associationId(associationId)
                    .executionId(executionId).filters(f -> f.key("Status").value("InProgress")))
                    .associationExecutionTargets().stream().count();
            if (running == expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run never had " + expected + " targets in progress");
    }
}
