package steward.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationDescription;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import software.amazon.awssdk.services.ssm.model.SsmException;
import steward.testing.ServerPerClass;
import steward.testing.TestServer;

/** Runs on simulated nodes, read back through DescribeAssociationExecutions and its companions. */
class AssociationExecutionsEndToEndTest extends ServerPerClass {
    private static Fleet fleet() {
        return new Fleet(control, ssm);
    }

    static String code(Runnable call) {
        return assertThrows(SsmException.class, call::run).awsErrorDetails().errorCode();
    }

    private static List<AssociationExecutionTarget> targets(String associationId, String executionId) {
        return ssm.describeAssociationExecutionTargetsPaginator(r -> r.associationId(associationId).executionId(executionId))
                .associationExecutionTargets().stream().toList();
    }

    @Test
    void runOnOneNodeIsRecordedWithEveryMember() {
        Fleet fleet = fleet();
        String node = fleet.node("Success", 0);
        String id = fleet.create(fleet.association());
        AssociationExecution run = fleet.awaitOnlyRun(id);
        assertEquals(id, run.associationId());
        assertEquals("1", run.associationVersion());
        assertEquals("Success", run.status());
        assertEquals("Success", run.detailedStatus());
        assertEquals("{Success=1}", run.resourceCountByStatus());
        assertNotNull(run.createdTime());
        assertTrue(!run.lastExecutionDate().isBefore(run.createdTime()));
        assertTrue(run.executionId().matches("[0-9a-f-]{36}"));
        assertNull(run.alarmConfiguration());

        AssociationExecutionTarget target = targets(id, run.executionId()).get(0);
        assertEquals(node, target.resourceId());
        assertEquals("ManagedInstance", target.resourceType());
        assertEquals("Success", target.status());
        assertEquals("RunCommand", target.outputSource().outputSourceType());
        assertEquals(36, target.outputSource().outputSourceId().length());
        assertEquals("1", target.associationVersion());

        AssociationDescription association = ssm.describeAssociation(r -> r.associationId(id)).associationDescription();
        assertEquals("Success", association.overview().status());
        assertEquals(Map.of("Success", 1), association.overview().associationStatusAggregatedCount());
        assertEquals(run.lastExecutionDate(), association.lastExecutionDate());
        assertEquals(run.lastExecutionDate(), association.lastSuccessfulExecutionDate());
    }

    @Test
    void mixedOutcomesOnThreeNodesFailTheRun() {
        Fleet fleet = fleet();
        String ok = fleet.node("Success", 0);
        String failed = fleet.node("Failed", 0);
        String timedOut = fleet.node("TimedOut", 0);
        String id = fleet.create(fleet.association());
        AssociationExecution run = fleet.awaitOnlyRun(id);
        assertEquals("Failed", run.status());
        assertEquals("{Failed=1, Success=1, TimedOut=1}", run.resourceCountByStatus());
        Map<String, String> byNode = targets(id, run.executionId()).stream()
                .collect(Collectors.toMap(AssociationExecutionTarget::resourceId, AssociationExecutionTarget::status));
        assertEquals(Map.of(ok, "Success", failed, "Failed", timedOut, "TimedOut"), byNode);
        assertEquals(List.of(failed), targets(id, run.executionId()).stream()
                .filter(t -> t.status().equals("Failed")).map(AssociationExecutionTarget::resourceId).toList());
        assertEquals(List.of(ok), ssm.describeAssociationExecutionTargets(r -> r.associationId(id)
                .executionId(run.executionId()).filters(f -> f.key("Status").value("Success"))).associationExecutionTargets()
                .stream().map(AssociationExecutionTarget::resourceId).toList());
        assertEquals(List.of(timedOut), ssm.describeAssociationExecutionTargets(r -> r.associationId(id)
                .executionId(run.executionId()).filters(f -> f.key("ResourceId").value(timedOut)))
                .associationExecutionTargets().stream().map(AssociationExecutionTarget::resourceId).toList());
        assertEquals(3, ssm.describeAssociationExecutionTargets(r -> r.associationId(id).executionId(run.executionId())
                .filters(f -> f.key("ResourceType").value("ManagedInstance"))).associationExecutionTargets().size());
        AssociationDescription association = ssm.describeAssociation(r -> r.associationId(id)).associationDescription();
        assertEquals("Failed", association.overview().status());
        assertNull(association.lastSuccessfulExecutionDate());
    }

    @Test
    void hundredNodesEachGetTheirOwnCommand() {
        Fleet fleet = fleet();
        List<String> nodes = fleet.nodes(100, "Success", 5);
        fleet.behave(nodes.get(7), "Failed", 5);
        String id = fleet.create(fleet.association());
        AssociationExecution run = fleet.awaitOnlyRun(id);
        assertEquals("{Failed=1, Success=99}", run.resourceCountByStatus());
        List<AssociationExecutionTarget> all = ssm.describeAssociationExecutionTargetsPaginator(r -> r.associationId(id)
                .executionId(run.executionId()).maxResults(7)).associationExecutionTargets().stream().toList();
        assertEquals(Set.copyOf(nodes), all.stream().map(AssociationExecutionTarget::resourceId).collect(Collectors.toSet()));
        assertEquals(100, all.size());
        Set<String> commands = new HashSet<>();
        all.forEach(t -> commands.add(t.outputSource().outputSourceId()));
        assertEquals(100, commands.size(), "every target ran under a command id of its own");
    }

    @Test
    void updateRunsTheNewVersionAndApplyOnlyAtCronIntervalDoesNotRun() {
        Fleet fleet = fleet();
        fleet.node("Success", 0);
        String id = fleet.create(fleet.association());
        fleet.awaitRuns(id, 1);
        ssm.updateAssociation(r -> r.associationId(id).parameters(Map.of("commands", List.of("echo v2"))));
        List<AssociationExecution> runs = fleet.awaitRuns(id, 2);
        assertEquals(List.of("2", "1"), runs.stream().map(AssociationExecution::associationVersion).toList());

        String quiet = fleet.create(fleet.association().scheduleExpression("cron(0 2 ? * SUN *)").applyOnlyAtCronInterval(true));
        // The positive event that must come after any run at create: a run started on purpose.
        // Only it may be there, not a second one from the create.
        ssm.startAssociationsOnce(r -> r.associationIds(quiet));
        List<AssociationExecution> quietRuns = fleet.awaitRuns(quiet, 1);
        assertEquals(1, quietRuns.size(), "only the run StartAssociationsOnce started: " + quietRuns);
    }

    @Test
    void startAssociationsOnceRunsEachAndChecksEveryIdFirst() {
        Fleet fleet = fleet();
        fleet.node("Success", 0);
        String id = fleet.create(fleet.association());
        fleet.awaitRuns(id, 1);
        ssm.startAssociationsOnce(r -> r.associationIds(id));
        fleet.awaitRuns(id, 2);
        assertEquals("AssociationDoesNotExist", code(() -> ssm.startAssociationsOnce(r -> r.associationIds(id,
                "00000000-0000-0000-0000-000000000000"))));
        // A later accepted call's run is the positive event: whatever the rejected call started
        // would be there before it. Then there is exactly one run more, not two.
        ssm.startAssociationsOnce(r -> r.associationIds(id));
        assertEquals(3, fleet.awaitRuns(id, 3).size(), "a rejected call starts nothing");
    }

    @Test
    void newerRunTimesOutTheRunInFlight() {
        Fleet fleet = fleet();
        fleet.node("Success", 30_000);
        String id = fleet.create(fleet.association());
        String first = ssm.describeAssociationExecutions(r -> r.associationId(id)).associationExecutions().get(0).executionId();
        for (int i = 0; i < 200 && !targets(id, first).stream().anyMatch(t -> t.status().equals("InProgress")); i++) {
            Fleet.sleep(20);
        }
        ssm.startAssociationsOnce(r -> r.associationIds(id));
        AssociationExecution timedOut = ssm.describeAssociationExecutions(r -> r.associationId(id)
                .filters(f -> f.key("ExecutionId").value(first).type("EQUAL"))).associationExecutions().get(0);
        assertEquals("TimedOut", timedOut.status());
        assertTrue(timedOut.detailedStatus().contains("newer run"), timedOut.detailedStatus());
        assertEquals("TimedOut", targets(id, first).get(0).status());
    }

    @Test
    void newNodeThatTheTargetsSelectGetsARun() {
        Fleet fleet = fleet();
        fleet.node("Success", 0);
        String id = fleet.create(fleet.association());
        fleet.awaitRuns(id, 1);
        String late = fleet.node("Success", 0);
        List<AssociationExecution> runs = fleet.awaitRuns(id, 2);
        assertEquals(List.of(late), targets(id, runs.get(0).executionId()).stream()
                .map(AssociationExecutionTarget::resourceId).toList());
    }

    @Test
    void listAssociationsFiltersOnWhatRunsRecorded() {
        Fleet fleet = fleet();
        fleet.node("Failed", 0);
        String id = fleet.create(fleet.association());
        AssociationExecution run = fleet.awaitOnlyRun(id);
        java.util.function.Function<software.amazon.awssdk.services.ssm.model.AssociationFilter, List<String>> ids = f ->
                ssm.listAssociationsPaginator(r -> r.associationFilterList(f)).associations().stream()
                        .map(a -> a.associationId()).toList();
        java.util.function.BiFunction<String, String, software.amazon.awssdk.services.ssm.model.AssociationFilter> filter =
                (k, v) -> software.amazon.awssdk.services.ssm.model.AssociationFilter.builder().key(k).value(v).build();
        assertTrue(ids.apply(filter.apply("AssociationStatusName", "Failed")).contains(id));
        assertTrue(!ids.apply(filter.apply("AssociationStatusName", "Success")).contains(id));
        String before = run.lastExecutionDate().minusSeconds(1).toString();
        String after = run.lastExecutionDate().plusSeconds(1).toString();
        assertTrue(ids.apply(filter.apply("LastExecutedAfter", before)).contains(id));
        assertTrue(!ids.apply(filter.apply("LastExecutedAfter", after)).contains(id));
        assertTrue(ids.apply(filter.apply("LastExecutedBefore", after)).contains(id));
        assertTrue(!ids.apply(filter.apply("LastExecutedBefore", before)).contains(id));
    }

    @Test
    void unknownDeletedAndForeignAssociationsDoNotExist() {
        Fleet fleet = fleet();
        fleet.node("Success", 0);
        String id = fleet.create(fleet.association());
        String run = fleet.awaitOnlyRun(id).executionId();
        assertEquals("AssociationDoesNotExist", code(() -> ssm.describeAssociationExecutions(r -> r
                .associationId("00000000-0000-0000-0000-000000000000"))));
        try (SsmClient other = server.client("111122223333", TestServer.REGION)) {
            assertEquals("AssociationDoesNotExist", code(() -> other.describeAssociationExecutions(r -> r.associationId(id))));
            assertEquals("AssociationDoesNotExist", code(() -> other.describeAssociationExecutionTargets(r -> r
                    .associationId(id).executionId(run))));
        }
        assertEquals("AssociationExecutionDoesNotExist", code(() -> ssm.describeAssociationExecutionTargets(r -> r
                .associationId(id).executionId("00000000-0000-0000-0000-000000000000"))));
        ssm.deleteAssociation(r -> r.associationId(id));
        assertEquals("AssociationDoesNotExist", code(() -> ssm.describeAssociationExecutions(r -> r.associationId(id))));
    }
}
