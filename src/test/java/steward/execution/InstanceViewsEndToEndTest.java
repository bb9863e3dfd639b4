package steward.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationDescription;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import software.amazon.awssdk.services.ssm.model.AssociationStatus;
import software.amazon.awssdk.services.ssm.model.AssociationStatusName;
import software.amazon.awssdk.services.ssm.model.CreateAssociationRequest;
import software.amazon.awssdk.services.ssm.model.DescribeEffectiveInstanceAssociationsResponse;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceAssociationsStatusResponse;
import software.amazon.awssdk.services.ssm.model.InstanceAssociation;
import software.amazon.awssdk.services.ssm.model.InstanceAssociationStatusInfo;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ControlClient;
import steward.testing.ServerPerClass;
import steward.testing.TestServer;

/**
 * A node's view of State Manager (DescribeInstanceAssociationsStatus,
 * DescribeEffectiveInstanceAssociations, UpdateAssociationStatus) and the rate controls a run
 * obeys, all read back through the API.
 */
class InstanceViewsEndToEndTest extends ServerPerClass {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNKNOWN_NODE = "mi-0123456789abcdef0";
    private static Fleet fleet() {
        return new Fleet(control, ssm);
    }

    private static String code(Runnable call) {
        return assertThrows(SsmException.class, call::run).awsErrorDetails().errorCode();
    }

    private static List<AssociationExecutionTarget> targets(SsmClient client, String associationId, String executionId) {
        return client.describeAssociationExecutionTargetsPaginator(r -> r.associationId(associationId)
                .executionId(executionId)).associationExecutionTargets().stream().toList();
    }

    private static Map<String, Integer> countByStatus(String associationId, String executionId) {
        return targets(ssm, associationId, executionId).stream()
                .collect(Collectors.toMap(AssociationExecutionTarget::status, t -> 1, Integer::sum, TreeMap::new));
    }

    // DescribeInstanceAssociationsStatus

    @Test
    void instanceStatusShowsTheLatestResultOfEachAssociationOnTheNodeAndPages() {
        Fleet fleet = fleet();
        String node = fleet.node("Success", 0);
        String succeeding = fleet.create(fleet.association().associationName("ok-" + fleet.group));
        AssociationExecution okRun = fleet.awaitOnlyRun(succeeding);
        fleet.behave(node, "Failed", 0);
        String failing = fleet.create(CreateAssociationRequest.builder().name("AWS-UpdateSSMAgent")
                .targets(fleet.target()).associationName("bad-" + fleet.group));
        AssociationExecution failedRun = fleet.awaitOnlyRun(failing);
        assertEquals("Success", okRun.status());
        assertEquals("Failed", failedRun.status());

        List<InstanceAssociationStatusInfo> infos = ssm.describeInstanceAssociationsStatus(r -> r.instanceId(node))
                .instanceAssociationStatusInfos();
        assertEquals(2, infos.size(), infos.toString());
        Map<String, InstanceAssociationStatusInfo> byAssociation = infos.stream()
                .collect(Collectors.toMap(InstanceAssociationStatusInfo::associationId, i -> i));
        assertEquals(Set.of(succeeding, failing), byAssociation.keySet());

        InstanceAssociationStatusInfo ok = byAssociation.get(succeeding);
        AssociationDescription okAssociation = ssm.describeAssociation(r -> r.associationId(succeeding))
                .associationDescription();
        assertEquals("AWS-RunShellScript", ok.name());
        assertEquals(okAssociation.documentVersion(), ok.documentVersion());
        assertNotNull(ok.documentVersion());
        assertEquals("1", ok.associationVersion());
        assertEquals(node, ok.instanceId());
        assertEquals(targets(ssm, succeeding, okRun.executionId()).get(0).lastExecutionDate(), ok.executionDate());
        assertEquals("Success", ok.status());
        assertEquals("Success", ok.detailedStatus());
        assertEquals("1 out of 1 plugin processed, 1 success, 0 failed, 0 timedout, 0 skipped. ", ok.executionSummary());
        assertNull(ok.errorCode());
        assertEquals("ok-" + fleet.group, ok.associationName());

        InstanceAssociationStatusInfo bad = byAssociation.get(failing);
        AssociationDescription badAssociation = ssm.describeAssociation(r -> r.associationId(failing))
                .associationDescription();
        assertEquals("AWS-UpdateSSMAgent", bad.name());
        assertEquals(badAssociation.documentVersion(), bad.documentVersion());
        assertEquals("1", bad.associationVersion());
        assertEquals(node, bad.instanceId());
        assertEquals(targets(ssm, failing, failedRun.executionId()).get(0).lastExecutionDate(), bad.executionDate());
        assertEquals("Failed", bad.status());
        assertEquals("Failed", bad.detailedStatus());
        assertEquals("1 out of 1 plugin processed, 0 success, 1 failed, 0 timedout, 0 skipped. ", bad.executionSummary());
        assertEquals("bad-" + fleet.group, bad.associationName());

        DescribeInstanceAssociationsStatusResponse first = ssm.describeInstanceAssociationsStatus(r -> r.instanceId(node)
                .maxResults(1));
        assertEquals(1, first.instanceAssociationStatusInfos().size());
        assertNotNull(first.nextToken());
        DescribeInstanceAssociationsStatusResponse second = ssm.describeInstanceAssociationsStatus(r -> r.instanceId(node)
                .maxResults(1).nextToken(first.nextToken()));
        assertEquals(1, second.instanceAssociationStatusInfos().size());
        assertNull(second.nextToken());
        assertEquals(infos.stream().map(InstanceAssociationStatusInfo::associationId).toList(),
                List.of(first.instanceAssociationStatusInfos().get(0).associationId(),
                        second.instanceAssociationStatusInfos().get(0).associationId()));
    }

    @Test
    void instanceStatusOfAnUnknownOrForeignNodeIsInvalidInstanceId() {
        Fleet fleet = fleet();
        String node = fleet.node("Success", 0);
        assertEquals("InvalidInstanceId", code(() -> ssm.describeInstanceAssociationsStatus(r -> r.instanceId(UNKNOWN_NODE))));
        try (SsmClient other = server.client("111122223333", TestServer.REGION)) {
            assertEquals("InvalidInstanceId", code(() -> other.describeInstanceAssociationsStatus(r -> r.instanceId(node))));
            assertEquals("InvalidInstanceId", code(() -> other.describeEffectiveInstanceAssociations(r -> r.instanceId(node))));
        }
        assertEquals(List.of(), ssm.describeInstanceAssociationsStatus(r -> r.instanceId(node)).instanceAssociationStatusInfos(),
                "a node nothing ran on has no statuses");
    }

    // DescribeEffectiveInstanceAssociations

    @Test
    void effectiveAssociationsAreExactlyThoseWhoseTargetsSelectTheNodeWithTheirDocumentContent() throws Exception {
        // Its own account: an InstanceIds * association selects every node of the account.
        String account = "222233334444";
        try (SsmClient client = server.client(account, TestServer.REGION)) {
            ControlClient accountControl = control.as(account, TestServer.REGION);
            Fleet fleet = new Fleet(accountControl, client);
            Fleet elsewhere = new Fleet(accountControl, client);
            String node = fleet.node("Success", 0);
            elsewhere.node("Success", 0);

            Map<String, String> expected = new LinkedHashMap<>();
            expected.put(fleet.create(fleet.association()), "AWS-RunShellScript");
            String absent = elsewhere.create(elsewhere.association());
            expected.put(fleet.create(fleet.association().targets(Target.builder().key("InstanceIds").values("*").build())),
                    "AWS-RunShellScript");
            String explicit = fleet.create(fleet.association().targets(Target.builder().key("InstanceIds").values(node)
                    .build()));
            expected.put(explicit, "AWS-RunShellScript");
            expected.put(fleet.create(CreateAssociationRequest.builder().name("AWS-UpdateSSMAgent").instanceId(node)),
                    "AWS-UpdateSSMAgent");
            expected.put(fleet.create(CreateAssociationRequest.builder().name("AWS-UpdateSSMAgent").targets(fleet.target())),
                    "AWS-UpdateSSMAgent");
            expected.put(fleet.create(fleet.association()), "AWS-RunShellScript");
            client.updateAssociation(r -> r.associationId(explicit).parameters(Map.of("commands", List.of("echo v2"))));

            List<InstanceAssociation> all = new ArrayList<>();
            String token = null;
            do {
                String current = token;
                DescribeEffectiveInstanceAssociationsResponse page = client.describeEffectiveInstanceAssociations(r -> r
                        .instanceId(node).nextToken(current));
                assertTrue(page.associations().size() <= 5, "default page size is 5");
                all.addAll(page.associations());
                token = page.nextToken();
            } while (token != null);
            assertEquals(List.copyOf(expected.keySet()), all.stream().map(InstanceAssociation::associationId).toList(),
                    "every association selecting the node, in creation order, and " + absent + " not among them");

            Map<String, String> contents = new TreeMap<>();
            for (String document : Set.copyOf(expected.values())) {
                contents.put(document, client.getDocument(r -> r.name(document).documentFormat("JSON")).content());
            }
            for (InstanceAssociation association : all) {
                String document = expected.get(association.associationId());
                assertEquals(node, association.instanceId());
                assertEquals(contents.get(document), association.content(), association.associationId());
                JsonNode content = JSON.readTree(association.content());
                assertEquals("1.2", content.path("schemaVersion").asText(), document);
                assertEquals(association.associationId().equals(explicit) ? "2" : "1", association.associationVersion(),
                        association.associationId());
            }

            for (int size = 1; size <= 5; size++) {
                int pageSize = size;
                List<String> seen = new ArrayList<>();
                token = null;
                do {
                    String current = token;
                    DescribeEffectiveInstanceAssociationsResponse page = client.describeEffectiveInstanceAssociations(r -> r
                            .instanceId(node).maxResults(pageSize).nextToken(current));
                    assertTrue(page.associations().size() <= pageSize);
                    assertFalse(page.associations().isEmpty(), "an empty page with size " + pageSize);
                    page.associations().forEach(a -> seen.add(a.associationId()));
                    token = page.nextToken();
                } while (token != null);
                assertEquals(List.copyOf(expected.keySet()), seen, "page size " + pageSize);
                assertEquals(seen.size(), new HashSet<>(seen).size());
            }
            assertEquals("ValidationException", code(() -> client.describeEffectiveInstanceAssociations(r -> r
                    .instanceId(node).maxResults(6))));
            assertEquals("ValidationException", code(() -> client.describeEffectiveInstanceAssociations(r -> r
                    .instanceId(node).maxResults(0))));
            assertEquals("InvalidInstanceId", code(() -> client.describeEffectiveInstanceAssociations(r -> r
                    .instanceId(UNKNOWN_NODE))));
        }
    }

    // UpdateAssociationStatus

    @Test
    void updateAssociationStatusSetsTheLegacyStatusOnceAndRefusesUnknownPairs() {
        Fleet fleet = fleet();
        String node = fleet.node("Success", 0);
        String id = fleet.create(CreateAssociationRequest.builder().name("AWS-UpdateSSMAgent").instanceId(node));
        fleet.awaitOnlyRun(id);
        Instant date = Instant.parse("2024-05-01T12:34:56.789Z");
        AssociationStatus status = AssociationStatus.builder().date(date).name(AssociationStatusName.FAILED)
                .message("agent update failed").build();

        AssociationDescription updated = ssm.updateAssociationStatus(r -> r.name("AWS-UpdateSSMAgent").instanceId(node)
                .associationStatus(status)).associationDescription();
        assertEquals(id, updated.associationId());
        assertEquals("AWS-UpdateSSMAgent", updated.name());
        assertEquals(node, updated.instanceId());
        assertEquals(date, updated.status().date());
        assertEquals(AssociationStatusName.FAILED, updated.status().name());
        assertEquals("agent update failed", updated.status().message());

        AssociationDescription described = ssm.describeAssociation(r -> r.name("AWS-UpdateSSMAgent").instanceId(node))
                .associationDescription();
        assertEquals(id, described.associationId());
        assertEquals(updated.status(), described.status());
        assertEquals(updated.status(), ssm.describeAssociation(r -> r.associationId(id)).associationDescription().status());

        assertEquals("StatusUnchanged", code(() -> ssm.updateAssociationStatus(r -> r.name("AWS-UpdateSSMAgent")
                .instanceId(node).associationStatus(status))));
        AssociationStatus success = status.toBuilder().name(AssociationStatusName.SUCCESS).message("updated").build();
        assertEquals(success, ssm.updateAssociationStatus(r -> r.name("AWS-UpdateSSMAgent").instanceId(node)
                .associationStatus(success)).associationDescription().status());

        assertEquals("AssociationDoesNotExist", code(() -> ssm.updateAssociationStatus(r -> r.name("AWS-RunShellScript")
                .instanceId(node).associationStatus(status))));
        assertEquals("AssociationDoesNotExist", code(() -> ssm.updateAssociationStatus(r -> r.name("AWS-UpdateSSMAgent")
                .instanceId(UNKNOWN_NODE).associationStatus(status))));
    }

    // MaxErrors and MaxConcurrency

    private static AssociationExecution runOnFailingNodes(String maxErrors) {
        Fleet fleet = fleet();
        fleet.nodes(6, "Failed", 0);
        String id = fleet.create(fleet.association().maxConcurrency("1").maxErrors(maxErrors));
        return fleet.awaitOnlyRun(id);
    }

    @Test
    void maxErrorsOneStopsStartingTargetsOnceTheSecondErrorArrives() {
        AssociationExecution run = runOnFailingNodes("1");
        assertEquals("Failed", run.status());
        assertEquals("{Failed=2, Skipped=4}", run.resourceCountByStatus(), run.detailedStatus());
        assertEquals(Map.of("Failed", 2, "Skipped", 4), countByStatus(run.associationId(), run.executionId()));
    }

    @Test
    void maxErrorsPercentIsOfTheTargetCount() {
        AssociationExecution run = runOnFailingNodes("50%");
        assertEquals("Failed", run.status());
        assertEquals("{Failed=4, Skipped=2}", run.resourceCountByStatus(), run.detailedStatus());
        assertEquals(Map.of("Failed", 4, "Skipped", 2), countByStatus(run.associationId(), run.executionId()));
    }

    @Test
    void maxErrorsZeroStopsAfterTheFirstError() {
        AssociationExecution run = runOnFailingNodes("0");
        assertEquals("Failed", run.status());
        assertEquals("{Failed=1, Skipped=5}", run.resourceCountByStatus(), run.detailedStatus());
        assertEquals(Map.of("Failed", 1, "Skipped", 5), countByStatus(run.associationId(), run.executionId()));
    }

    @Test
    void maxConcurrencyTwoRunsSixTargetsInThreeWaves() {
        Fleet fleet = fleet();
        fleet.nodes(6, "Success", 400);
        String id = fleet.create(fleet.association().maxConcurrency("2"));
        String executionId = ssm.describeAssociationExecutions(r -> r.associationId(id)).associationExecutions().get(0)
                .executionId();
        int mostInProgress = 0;
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            List<AssociationExecutionTarget> now = targets(ssm, id, executionId);
            mostInProgress = Math.max(mostInProgress, (int) now.stream().filter(t -> t.status().equals("InProgress")).count());
            // Targets are written as the run resolves them: an empty list is not a finished run.
            if (now.size() == 6 && now.stream().allMatch(t -> t.status().equals("Success"))) {
                break;
            }
            assertTrue(Instant.now().isBefore(deadline), "the run did not finish: " + now);
            Fleet.sleep(40);
        }
        AssociationExecution run = fleet.awaitOnlyRun(id);
        assertEquals("Success", run.status());
        assertEquals("{Success=6}", run.resourceCountByStatus());
        assertEquals(2, mostInProgress, "targets in progress at once");
        Duration took = Duration.between(run.createdTime(), run.lastExecutionDate());
        assertTrue(took.toMillis() >= 1_190, "three waves of 400 ms took only " + took);
        assertTrue(took.toMillis() < 2_400, "two at a time should beat one at a time (2.4 s), took " + took);
    }
}
