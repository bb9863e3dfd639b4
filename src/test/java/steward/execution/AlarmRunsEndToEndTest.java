package steward.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.Alarm;
import software.amazon.awssdk.services.ssm.model.AlarmConfiguration;
import software.amazon.awssdk.services.ssm.model.AlarmStateInformation;
import software.amazon.awssdk.services.ssm.model.AssociationDescription;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import steward.testing.ServerPerClass;

/** AlarmConfiguration on associations: an alarm in ALARM (or unreadable) stops a run, and the history says so. */
class AlarmRunsEndToEndTest extends ServerPerClass {
    private static Fleet fleet() {
        return new Fleet(control, ssm);
    }

    private static AlarmConfiguration alarms(boolean ignorePollAlarmFailure, String... names) {
        return AlarmConfiguration.builder().ignorePollAlarmFailure(ignorePollAlarmFailure)
                .alarms(Arrays.stream(names).map(n -> Alarm.builder().name(n).build()).toList())
                .build();
    }

    private static List<AssociationExecutionTarget> targets(String associationId, String executionId) {
        return ssm.describeAssociationExecutionTargetsPaginator(r -> r.associationId(associationId).executionId(executionId))
                .associationExecutionTargets().stream().toList();
    }

    private static Map<String, String> statusByNode(String associationId, String executionId) {
        return targets(associationId, executionId).stream()
                .collect(Collectors.toMap(AssociationExecutionTarget::resourceId, AssociationExecutionTarget::status));
    }

    private static void assertEchoes(AlarmConfiguration expected, AssociationExecution run) {
        assertEquals(expected.ignorePollAlarmFailure(), run.alarmConfiguration().ignorePollAlarmFailure());
        assertEquals(expected.alarms().stream().map(a -> a.name()).toList(),
                run.alarmConfiguration().alarms().stream().map(a -> a.name()).toList());
    }

    @Test
    void alarmAlreadyInAlarmSkipsEveryTargetAndFailsTheRun() {
        Fleet fleet = fleet();
        List<String> nodes = fleet.nodes(3, "Success", 0);
        String alarm = "cpu-high-" + fleet.group;
        fleet.alarm(alarm, "ALARM");
        AlarmConfiguration configuration = alarms(false, alarm);
        String id = fleet.create(fleet.association().alarmConfiguration(configuration));

        AssociationExecution run = fleet.awaitOnlyRun(id);
        assertEquals("Failed", run.status());
        assertTrue(run.detailedStatus().contains(alarm), run.detailedStatus());
        assertEquals(List.of(AlarmStateInformation.builder().name(alarm).state("ALARM").build()), run.triggeredAlarms());
        assertEquals("{Skipped=3}", run.resourceCountByStatus());
        assertEchoes(configuration, run);
        assertEquals(Map.of(nodes.get(0), "Skipped", nodes.get(1), "Skipped", nodes.get(2), "Skipped"),
                statusByNode(id, run.executionId()));
    }

    @Test
    void alarmOkInsufficientDataOrNeverSetLetsTheRunSucceed() {
        for (String state : new String[] {"OK", "INSUFFICIENT_DATA", null}) {
            Fleet fleet = fleet();
            fleet.nodes(2, "Success", 0);
            String alarm = "quiet-" + fleet.group;
            if (state != null) {
                fleet.alarm(alarm, state);
            }
            AlarmConfiguration configuration = alarms(false, alarm);
            String id = fleet.create(fleet.association().alarmConfiguration(configuration));
            AssociationExecution run = fleet.awaitOnlyRun(id);
            assertEquals("Success", run.status(), "alarm state " + state + ": " + run.detailedStatus());
            assertEquals("{Success=2}", run.resourceCountByStatus(), "alarm state " + state);
            assertEchoes(configuration, run);
            assertFalse(run.hasTriggeredAlarms(), "alarm state " + state + ": " + run.triggeredAlarms());
        }
    }

    @Test
    void alarmFiringMidRunStopsItWithoutWaitingForTheRemainingTargets() {
        Fleet fleet = fleet();
        List<String> nodes = fleet.nodes(4, "Success", 1500);
        String alarm = "errors-" + fleet.group;
        fleet.alarm(alarm, "OK");
        AlarmConfiguration configuration = alarms(false, alarm);
        String id = fleet.create(fleet.association().maxConcurrency("1").alarmConfiguration(configuration));
        String executionId = ssm.describeAssociationExecutions(r -> r.associationId(id)).associationExecutions().get(0)
                .executionId();

        Instant deadline = Instant.now().plusSeconds(10);
        String first;
        while (true) {
            first = targets(id, executionId).stream().filter(t -> t.status().equals("InProgress"))
                    .map(AssociationExecutionTarget::resourceId).findFirst().orElse(null);
            if (first != null) {
                break;
            }
            assertTrue(Instant.now().isBefore(deadline), "no target started");
            Fleet.sleep(20);
        }
        fleet.alarm(alarm, "ALARM");

        AssociationExecution run = fleet.awaitOnlyRun(id);
        assertEquals("Failed", run.status());
        assertTrue(run.detailedStatus().contains(alarm), run.detailedStatus());
        assertEquals(List.of(AlarmStateInformation.builder().name(alarm).state("ALARM").build()), run.triggeredAlarms());
        assertEchoes(configuration, run);
        Map<String, String> byNode = statusByNode(id, executionId);
        assertEquals(4, byNode.size());
        for (String node : nodes) {
            if (!node.equals(first)) {
                assertEquals("Skipped", byNode.get(node), "a target that never started: " + byNode);
            }
        }
        assertEquals("Cancelled", byNode.get(first), "the target in flight when the alarm fired: " + byNode);
        assertEquals("{Cancelled=1, Skipped=3}", run.resourceCountByStatus());
        Duration took = Duration.between(run.createdTime(), run.lastExecutionDate());
        assertTrue(took.toMillis() < 3_000, "the run waited " + took + " (4 targets x 1.5 s would be 6 s)");
    }

    @Test
    void alarmFiringWhileTheLastTargetRunsStopsTheRunWithoutWaitingForIt() {
        Fleet fleet = fleet();
        String node = fleet.node("Success", 2_000);
        String alarm = "last-" + fleet.group;
        String id = fleet.create(fleet.association().alarmConfiguration(alarms(false, alarm)));
        String executionId = ssm.describeAssociationExecutions(r -> r.associationId(id)).associationExecutions().get(0)
                .executionId();
        Instant deadline = Instant.now().plusSeconds(10);
        while (targets(id, executionId).stream().noneMatch(t -> t.status().equals("InProgress"))) {
            assertTrue(Instant.now().isBefore(deadline), "the target never started");
            Fleet.sleep(20);
        }
        fleet.alarm(alarm, "ALARM");
        AssociationExecution run = fleet.awaitOnlyRun(id);
        assertEquals("Failed", run.status());
        assertEquals(List.of(AlarmStateInformation.builder().name(alarm).state("ALARM").build()), run.triggeredAlarms());
        assertEquals(Map.of(node, "Cancelled"), statusByNode(id, executionId));
        Duration took = Duration.between(run.createdTime(), run.lastExecutionDate());
        assertTrue(took.toMillis() < 1_900, "the run waited " + took + " for a 2 s target");
    }

    @Test
    void unreadableAlarmStopsTheRunUnlessPollFailuresAreIgnored() {
        Fleet strict = fleet();
        strict.nodes(2, "Success", 0);
        String alarm = "unreadable-" + strict.group;
        strict.alarm(alarm, "UNREADABLE");
        AlarmConfiguration stopOnFailure = alarms(false, alarm);
        String stopped = strict.create(strict.association().alarmConfiguration(stopOnFailure));
        AssociationExecution run = strict.awaitOnlyRun(stopped);
        assertEquals("Failed", run.status());
        assertTrue(run.detailedStatus().contains(alarm), run.detailedStatus());
        assertEquals(List.of(AlarmStateInformation.builder().name(alarm).state("UNKNOWN").build()), run.triggeredAlarms());
        assertEquals("{Skipped=2}", run.resourceCountByStatus());
        assertEchoes(stopOnFailure, run);

        Fleet lenient = fleet();
        lenient.nodes(2, "Success", 0);
        AlarmConfiguration ignoreFailure = alarms(true, alarm);
        String ran = lenient.create(lenient.association().alarmConfiguration(ignoreFailure));
        AssociationExecution success = lenient.awaitOnlyRun(ran);
        assertEquals("Success", success.status(), success.detailedStatus());
        assertEquals("{Success=2}", success.resourceCountByStatus());
        assertFalse(success.hasTriggeredAlarms(), String.valueOf(success.triggeredAlarms()));
        assertEchoes(ignoreFailure, success);
    }

    @Test
    void associationOverviewIsFailedAfterAnAlarmStop() {
        Fleet fleet = fleet();
        fleet.nodes(2, "Success", 0);
        String alarm = "overview-" + fleet.group;
        fleet.alarm(alarm, "ALARM");
        String id = fleet.create(fleet.association().alarmConfiguration(alarms(false, alarm)));
        AssociationExecution run = fleet.awaitOnlyRun(id);
        AssociationDescription association = ssm.describeAssociation(r -> r.associationId(id)).associationDescription();
        assertEquals("Failed", association.overview().status());
        assertEquals("Failed", association.overview().detailedStatus());
        assertEquals(Map.of("Skipped", 2), association.overview().associationStatusAggregatedCount());
        assertEquals(run.lastExecutionDate(), association.lastExecutionDate());
        assertNull(association.lastSuccessfulExecutionDate());
    }
}
