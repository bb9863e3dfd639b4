package steward.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationDescription;
import software.amazon.awssdk.services.ssm.model.AssociationFilter;
import software.amazon.awssdk.services.ssm.model.AssociationFilterKey;
import software.amazon.awssdk.services.ssm.model.AssociationVersionInfo;
import software.amazon.awssdk.services.ssm.model.CreateAssociationBatchResponse;
import software.amazon.awssdk.services.ssm.model.CreateAssociationRequest;
import software.amazon.awssdk.services.ssm.model.Fault;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ServerPerClass;
import steward.testing.TestServer;

/** The association lifecycle through the AWS SDK for Java v2, as a user's code would drive it. */
class AssociationsEndToEndTest extends ServerPerClass {
    static final Target ALL_NODES = Target.builder().key("InstanceIds").values("*").build();
    static CreateAssociationRequest.Builder shellScript(String... commands) {
        return CreateAssociationRequest.builder()
                .name("AWS-RunShellScript")
                .targets(ALL_NODES)
                .parameters(Map.of("commands", List.of(commands)));
    }

    static String errorCode(Runnable call) {
        SsmException e = assertThrows(SsmException.class, call::run);
        assertEquals(400, e.statusCode());
        assertNotNull(e.requestId(), "every error carries x-amzn-RequestId");
        return e.awsErrorDetails().errorCode();
    }

    @Test
    void createdAssociationStartsAtVersionOneAndPending() {
        AssociationDescription created = ssm.createAssociation(shellScript("echo hi")
                .associationName("first-one").scheduleExpression("rate(30 minutes)").build()).associationDescription();
        assertEquals("1", created.associationVersion());
        assertEquals("AWS-RunShellScript", created.name());
        assertEquals("$DEFAULT", created.documentVersion());
        assertEquals("Pending", created.overview().status());
        assertEquals("Creating", created.overview().detailedStatus());
        assertEquals(List.of(ALL_NODES), created.targets());
        assertEquals("rate(30 minutes)", created.scheduleExpression());
        assertEquals(Boolean.FALSE, created.applyOnlyAtCronInterval());
        assertNotNull(created.date());
        assertEquals(created.date(), created.lastUpdateAssociationDate());
        assertTrue(created.associationId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));

        AssociationDescription described = ssm.describeAssociation(r -> r.associationId(created.associationId()))
                .associationDescription();
        assertEquals(withoutRunState(created), withoutRunState(described), "only its runs move the description");
    }

    /** The members a run moves (it starts at create), so a description can be compared with a later one. */
    static AssociationDescription withoutRunState(AssociationDescription d) {
        return d.toBuilder().overview((software.amazon.awssdk.services.ssm.model.AssociationOverview) null)
                .lastExecutionDate(null).lastSuccessfulExecutionDate(null).build();
    }

    @Test
    void updateMakesANewVersionAndKeepsTheOldOneReadable() {
        String id = ssm.createAssociation(shellScript("echo one").build()).associationDescription().associationId();
        AssociationDescription v2 = ssm.updateAssociation(r -> r.associationId(id).associationVersion("1")
                .parameters(Map.of("commands", List.of("echo two")))).associationDescription();
        assertEquals("2", v2.associationVersion());
        assertEquals(List.of("echo two"), v2.parameters().get("commands"));
        assertEquals(List.of(ALL_NODES), v2.targets(), "targets carry over when the update names none");
        assertTrue(!v2.lastUpdateAssociationDate().isBefore(v2.date()));

        AssociationDescription v1 = ssm.describeAssociation(r -> r.associationId(id).associationVersion("1"))
                .associationDescription();
        assertEquals("1", v1.associationVersion());
        assertEquals(List.of("echo one"), v1.parameters().get("commands"));
        assertEquals("2", ssm.describeAssociation(r -> r.associationId(id).associationVersion("$LATEST"))
                .associationDescription().associationVersion());
        assertEquals("InvalidAssociationVersion",
                errorCode(() -> ssm.describeAssociation(r -> r.associationId(id).associationVersion("3"))));

        List<AssociationVersionInfo> versions = ssm.listAssociationVersions(r -> r.associationId(id)).associationVersions();
        assertEquals(List.of("1", "2"), versions.stream().map(AssociationVersionInfo::associationVersion).toList());
        assertEquals(List.of("echo one"), versions.get(0).parameters().get("commands"));
    }

    @Test
    void staleAssociationVersionLosesTheUpdate() {
        String id = ssm.createAssociation(shellScript("echo").build()).associationDescription().associationId();
        ssm.updateAssociation(r -> r.associationId(id).associationVersion("1").parameters(Map.of("commands", List.of("a"))));
        assertEquals("InvalidAssociationVersion", errorCode(() -> ssm.updateAssociation(r -> r.associationId(id)
                .associationVersion("1").parameters(Map.of("commands", List.of("b"))))));
        assertEquals("2", ssm.describeAssociation(r -> r.associationId(id)).associationDescription().associationVersion());
        assertEquals("3", ssm.updateAssociation(r -> r.associationId(id).associationVersion("$LATEST")
                .parameters(Map.of("commands", List.of("c")))).associationDescription().associationVersion());
    }

    @Test
    void updateClearsOptionalMembersTheRequestLeavesOut() {
        String id = ssm.createAssociation(shellScript("echo").scheduleExpression("rate(1 day)")
                .associationName("named").maxConcurrency("10%").build()).associationDescription().associationId();
        AssociationDescription v2 = ssm.updateAssociation(r -> r.associationId(id)
                .parameters(Map.of("commands", List.of("echo")))).associationDescription();
        assertNull(v2.scheduleExpression());
        assertNull(v2.associationName());
        assertNull(v2.maxConcurrency());
        assertEquals("AWS-RunShellScript", v2.name());
    }

    @Test
    void deletedAssociationIsGoneWithItsVersions() {
        String id = ssm.createAssociation(shellScript("echo").build()).associationDescription().associationId();
        ssm.deleteAssociation(r -> r.associationId(id));
        assertEquals("AssociationDoesNotExist", errorCode(() -> ssm.describeAssociation(r -> r.associationId(id))));
        assertEquals("AssociationDoesNotExist", errorCode(() -> ssm.listAssociationVersions(r -> r.associationId(id))));
        assertEquals("AssociationDoesNotExist", errorCode(() -> ssm.deleteAssociation(r -> r.associationId(id))));
        assertEquals("AssociationDoesNotExist", errorCode(() -> ssm.updateAssociation(r -> r.associationId(id))));
    }

    @Test
    void legacyInstanceAssociationIsFoundByNameAndInstance() {
        String instance = "mi-0123456789abcdef0";
        AssociationDescription created = ssm.createAssociation(r -> r.name("AWS-UpdateSSMAgent").instanceId(instance))
                .associationDescription();
        assertEquals(instance, created.instanceId());
        assertEquals("Pending", created.status().nameAsString());
        AssociationDescription found = ssm.describeAssociation(r -> r.name("AWS-UpdateSSMAgent").instanceId(instance))
                .associationDescription();
        assertEquals(created.associationId(), found.associationId());
        assertEquals("AssociationAlreadyExists",
                errorCode(() -> ssm.createAssociation(r -> r.name("AWS-UpdateSSMAgent").instanceId(instance))));
        ssm.deleteAssociation(r -> r.name("AWS-UpdateSSMAgent").instanceId(instance));
        assertEquals("AssociationDoesNotExist", errorCode(() ->
                ssm.describeAssociation(r -> r.name("AWS-UpdateSSMAgent").instanceId(instance))));
    }

    @Test
    void documentAndParameterMistakesAreRejectedAndNothingIsStored() {
        int before = ssm.listAssociationsPaginator(r -> r.maxResults(50)).associations().stream().toList().size();
        assertEquals("InvalidDocument", errorCode(() -> ssm.createAssociation(r -> r.name("No-Such-Document").targets(ALL_NODES))));
        assertEquals("InvalidParameters", errorCode(() -> ssm.createAssociation(shellScript("echo")
                .parameters(Map.of("commands", List.of("echo"), "notAParameter", List.of("x"))).build())));
        assertEquals("InvalidParameters", errorCode(() -> ssm.createAssociation(r -> r.name("AWS-RunShellScript")
                .targets(ALL_NODES))), "commands is required by AWS-RunShellScript");
        assertEquals("InvalidDocumentVersion", errorCode(() -> ssm.createAssociation(shellScript("echo")
                .documentVersion("7").build())));
        assertEquals(before, ssm.listAssociationsPaginator(r -> r.maxResults(50)).associations().stream().toList().size());
    }

    @Test
    void scheduleMistakesAreInvalidSchedule() {
        for (String bad : List.of("rate(5 minutes)", "rate(31 days)", "cron(0/5 * * * ? *)", "cron(0 0 * * * *)",
                "at(2025-13-01T00:00:00)", "every day")) {
            assertEquals("InvalidSchedule", errorCode(() -> ssm.createAssociation(shellScript("echo")
                    .scheduleExpression(bad).build())), bad);
        }
        assertEquals("InvalidSchedule", errorCode(() -> ssm.createAssociation(shellScript("echo")
                .scheduleExpression("rate(1 hour)").applyOnlyAtCronInterval(true).build())));
        assertEquals("InvalidSchedule", errorCode(() -> ssm.createAssociation(shellScript("echo")
                .scheduleExpression("cron(0 2 ? * SUN *)").scheduleOffset(2).build())));
        AssociationDescription ok = ssm.createAssociation(shellScript("echo").scheduleExpression("cron(0 2 ? * THU#2 *)")
                .applyOnlyAtCronInterval(true).scheduleOffset(3).build()).associationDescription();
        assertEquals(3, ok.scheduleOffset());
    }

    @Test
    void targetMistakesAreInvalidTarget() {
        assertEquals("InvalidTarget", errorCode(() -> ssm.createAssociation(shellScript("echo")
                .targets(Target.builder().key("NotAKey").values("x").build()).build())));
        assertEquals("InvalidTarget", errorCode(() -> ssm.createAssociation(shellScript("echo")
                .targets(Target.builder().key("InstanceIds").values("not-an-instance").build()).build())));
        assertEquals("InvalidTarget", errorCode(() -> ssm.createAssociation(r -> r.name("AWS-UpdateSSMAgent"))));
        assertEquals("InvalidTargetMaps", errorCode(() -> ssm.createAssociation(shellScript("echo")
                .targetMaps(List.of(Map.of("commands", List.of("mi-0123456789abcdef0")))).build())));
    }

    @Test
    void listAssociationsFiltersOnEveryKey() {
        String name = "filter-" + System.nanoTime();
        String instance = "mi-0aaaaaaaaaaaaaaa1";
        // Both run only at their cron interval, so they stay Pending with no execution date.
        String tagged = ssm.createAssociation(shellScript("echo").associationName(name)
                .scheduleExpression("cron(0 3 ? * SUN *)").applyOnlyAtCronInterval(true)
                .targets(Target.builder().key("InstanceIds").values(instance).build()).build())
                .associationDescription().associationId();
        String group = ssm.createAssociation(r -> r.name("AWS-GatherSoftwareInventory")
                .scheduleExpression("cron(0 3 ? * SUN *)").applyOnlyAtCronInterval(true)
                .targets(Target.builder().key("ResourceGroup").values("web-servers").build()))
                .associationDescription().associationId();

        assertEquals(List.of(tagged), ids(AssociationFilterKey.ASSOCIATION_NAME, name));
        assertEquals(List.of(tagged), ids(AssociationFilterKey.INSTANCE_ID, instance));
        assertEquals(List.of(tagged), ids(AssociationFilterKey.ASSOCIATION_ID, tagged));
        assertEquals(List.of(group), ids(AssociationFilterKey.RESOURCE_GROUP_NAME, "web-servers"));
        assertTrue(ids(AssociationFilterKey.NAME, "AWS-GatherSoftwareInventory").contains(group));
        assertFalse(ids(AssociationFilterKey.NAME, "AWS-GatherSoftwareInventory").contains(tagged));
        assertTrue(ids(AssociationFilterKey.ASSOCIATION_STATUS_NAME, "Pending").contains(tagged));
        assertFalse(ids(AssociationFilterKey.ASSOCIATION_STATUS_NAME, "Success").contains(tagged));
        assertFalse(ids(AssociationFilterKey.LAST_EXECUTED_AFTER, "2019-02-18T16:00:00Z").contains(tagged),
                "it has not run");
        assertFalse(ids(AssociationFilterKey.LAST_EXECUTED_BEFORE, "2099-02-18T16:00:00.123Z").contains(tagged));
        assertEquals("ValidationException", errorCode(() -> ids(AssociationFilterKey.LAST_EXECUTED_BEFORE, "yesterday")));
        assertEquals(List.of(), ssm.listAssociations(r -> r.associationFilterList(
                AssociationFilter.builder().key(AssociationFilterKey.ASSOCIATION_ID).value(tagged).build(),
                AssociationFilter.builder().key(AssociationFilterKey.ASSOCIATION_ID).value(group).build()))
                .associations(), "two values for one key are ANDed");
    }

    private static List<String> ids(AssociationFilterKey key, String value) {
        return ssm.listAssociationsPaginator(r -> r.associationFilterList(AssociationFilter.builder().key(key).value(value).build()))
                .associations().stream().map(a -> a.associationId()).toList();
    }

    @Test
    void batchReportsEachEntryOnItsOwn() {
        CreateAssociationBatchResponse batch = ssm.createAssociationBatch(r -> r.entries(
                e -> e.name("AWS-RunShellScript").targets(ALL_NODES).parameters(Map.of("commands", List.of("ok"))),
                e -> e.name("No-Such-Document").targets(ALL_NODES),
                e -> e.name("AWS-UpdateSSMAgent").targets(ALL_NODES)));
        assertEquals(2, batch.successful().size());
        assertEquals(1, batch.failed().size());
        assertEquals("No-Such-Document", batch.failed().get(0).entry().name());
        assertEquals(Fault.CLIENT, batch.failed().get(0).fault());
        assertFalse(batch.failed().get(0).message().isEmpty());
    }

    @Test
    void otherAccountsAndRegionsSeeNothing() {
        String id = ssm.createAssociation(shellScript("echo").build()).associationDescription().associationId();
        try (SsmClient otherAccount = server.client("111122223333", TestServer.REGION);
             SsmClient otherRegion = server.client("test", "eu-west-1")) {
            for (SsmClient other : List.of(otherAccount, otherRegion)) {
                assertEquals("AssociationDoesNotExist", errorCode(() -> other.describeAssociation(r -> r.associationId(id))));
                assertEquals("AssociationDoesNotExist", errorCode(() -> other.deleteAssociation(r -> r.associationId(id))));
                assertEquals("AssociationDoesNotExist", errorCode(() -> other.updateAssociation(r -> r.associationId(id))));
                assertEquals(List.of(), other.listAssociations(r -> r.associationFilterList(AssociationFilter.builder()
                        .key(AssociationFilterKey.ASSOCIATION_ID).value(id).build())).associations());
                assertEquals("InvalidResourceId", errorCode(() -> other.listTagsForResource(r -> r
                        .resourceType("Association").resourceId(id))));
            }
        }
        assertEquals(id, ssm.describeAssociation(r -> r.associationId(id)).associationDescription().associationId());
    }
}
