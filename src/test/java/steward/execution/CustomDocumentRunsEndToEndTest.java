package steward.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationDescription;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.InstanceAssociation;
import software.amazon.awssdk.services.ssm.model.SsmException;
import steward.testing.ControlClient;
import steward.testing.TestServer;

/**
 * A document the user wrote, associated with simulated nodes and run: its parameters checked
 * with messages that name the rule, the version each association names used at run time and
 * served to the node, DeleteDocument refused while associated, and another account's document
 * used by ARN while it is shared.
 */
class CustomDocumentRunsEndToEndTest {
    private static final String DOC = """
            {"schemaVersion": "2.2",
             "description": "Deploys a build",
             "parameters": {
               "build": {"type": "Integer", "description": "Build number"},
               "mode": {"type": "String", "default": "rolling", "allowedValues": ["rolling", "all-at-once"]},
               "hosts": {"type": "StringList", "default": [], "maxItems": 2},
               "dryRun": {"type": "Boolean", "default": false}
             },
             "mainSteps": [{"action": "aws:runShellScript", "name": "deploy",
                            "inputs": {"runCommand": ["deploy {{ build }} {{ mode }} %s"]}}]}""";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String account() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    private static SsmClient client(String account) {
        return SsmClient.builder().endpointOverride(server.endpoint()).region(Region.of(TestServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account, "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static Fleet fleet(String account, SsmClient ssm) {
        return new Fleet(new ControlClient(server.endpoint(), account, TestServer.REGION), ssm);
    }

    private static String message(String code, Supplier<?> call) {
        SsmException e = assertThrows(SsmException.class, call::get);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void parametersAreCheckedAgainstTheVersionTheAssociationNames() {
        String account = account();
        try (SsmClient ssm = client(account)) {
            Fleet fleet = fleet(account, ssm);
            ssm.createDocument(r -> r.name("Deploy").content(DOC.formatted("v1")));
            assertEquals("Parameter \"build\" requires a value.", message("InvalidParameters",
                    () -> ssm.createAssociation(r -> r.name("Deploy").targets(fleet.target()))));
            assertEquals("Parameter \"bild\" is not declared by document Deploy (version 1), which declares build, mode, "
                    + "hosts, dryRun.", message("InvalidParameters", () -> ssm.createAssociation(r -> r.name("Deploy")
                    .targets(fleet.target()).parameters(Map.of("build", List.of("1"), "bild", List.of("2"))))));
            assertEquals("Parameter \"build\" is of type Integer; \"latest\" is not a whole number.",
                    message("InvalidParameters", () -> ssm.createAssociation(r -> r.name("Deploy").targets(fleet.target())
                            .parameters(Map.of("build", List.of("latest"))))));
            assertEquals("Parameter \"mode\" value \"canary\" is not one of its allowedValues: rolling, all-at-once.",
                    message("InvalidParameters", () -> ssm.createAssociation(r -> r.name("Deploy").targets(fleet.target())
                            .parameters(Map.of("build", List.of("1"), "mode", List.of("canary"))))));
            assertEquals("Parameter \"hosts\" has 3 items; maxItems is 2.", message("InvalidParameters",
                    () -> ssm.createAssociation(r -> r.name("Deploy").targets(fleet.target())
                            .parameters(Map.of("build", List.of("1"), "hosts", List.of("a", "b", "c"))))));
            assertEquals("Parameter \"dryRun\" is of type Boolean; \"maybe\" is not true or false.",
                    message("InvalidParameters", () -> ssm.createAssociation(r -> r.name("Deploy").targets(fleet.target())
                            .parameters(Map.of("build", List.of("1"), "dryRun", List.of("maybe"))))));
            message("InvalidDocumentVersion", () -> ssm.createAssociation(r -> r.name("Deploy").documentVersion("4")
                    .targets(fleet.target()).parameters(Map.of("build", List.of("1")))));
            message("InvalidDocument", () -> ssm.createAssociation(r -> r.name("Deploy-Missing").targets(fleet.target())));

            // Version 2 declares a new parameter: an association pinned to version 1 can't use it, one on $LATEST can.
            ssm.updateDocument(r -> r.name("Deploy").content(DOC.formatted("{{ region }}")
                    .replace("\"dryRun\"", "\"region\": {\"type\": \"String\", \"default\": \"eu\"}, \"dryRun\"")));
            Map<String, List<String>> withRegion = Map.of("build", List.of("7"), "region", List.of("us"));
            assertTrue(message("InvalidParameters", () -> ssm.createAssociation(r -> r.name("Deploy").documentVersion("1")
                    .targets(fleet.target()).parameters(withRegion))).startsWith("Parameter \"region\" is not declared"));
            AssociationDescription latest = ssm.createAssociation(r -> r.name("Deploy").documentVersion("$LATEST")
                    .targets(fleet.target()).parameters(withRegion)).associationDescription();
            assertEquals("$LATEST", latest.documentVersion());
            message("InvalidParameters", () -> ssm.updateAssociation(r -> r.associationId(latest.associationId())
                    .documentVersion("1").parameters(withRegion)));
            assertEquals("1", ssm.updateAssociation(r -> r.associationId(latest.associationId()).documentVersion("1")
                    .parameters(Map.of("build", List.of("8")))).associationDescription().documentVersion());
        }
    }

    @Test
    void customDocumentRunsOnNodesAtTheVersionTheAssociationNamesNow() {
        String account = account();
        try (SsmClient ssm = client(account)) {
            Fleet fleet = fleet(account, ssm);
            String node = fleet.node("Success", 0);
            ssm.createDocument(r -> r.name("Deploy").content(DOC.formatted("v1")));
            ssm.updateDocument(r -> r.name("Deploy").content(DOC.formatted("v2")));
            Map<String, List<String>> build = Map.of("build", List.of("42"));
            String byDefault = fleet.create(fleet.association().name("Deploy").parameters(build));
            String pinned = fleet.create(fleet.association().name("Deploy").documentVersion("2").parameters(build));
            assertEquals("$DEFAULT", ssm.describeAssociation(r -> r.associationId(byDefault)).associationDescription()
                    .documentVersion());
            AssociationExecution run = fleet.awaitOnlyRun(byDefault);
            assertEquals("Success", run.status());
            assertEquals("Success", fleet.awaitOnlyRun(pinned).status());
            assertEquals(Map.of(byDefault, DOC.formatted("v1"), pinned, DOC.formatted("v2")), effective(ssm, node));
            // Compliance names the concrete version each run used: $DEFAULT was version 1.
            Map<String, String> compliance = new java.util.TreeMap<>();
            ssm.listComplianceItemsPaginator(r -> r.resourceIds(node).resourceTypes("ManagedInstance")).complianceItems()
                    .forEach(item -> compliance.put(item.id(), item.details().get("DocumentVersion")));
            assertEquals(Map.of(byDefault, "1", pinned, "2"), compliance);

            ssm.updateDocumentDefaultVersion(r -> r.name("Deploy").documentVersion("2"));
            assertEquals(Map.of(byDefault, DOC.formatted("v2"), pinned, DOC.formatted("v2")), effective(ssm, node));

            assertTrue(message("AssociatedInstances", () -> ssm.deleteDocument(r -> r.name("Deploy")))
                    .contains("2 association(s)"));
            ssm.updateDocumentDefaultVersion(r -> r.name("Deploy").documentVersion("1"));
            message("AssociatedInstances", () -> ssm.deleteDocument(r -> r.name("Deploy").documentVersion("2")));
            ssm.deleteAssociation(r -> r.associationId(byDefault));
            ssm.deleteAssociation(r -> r.associationId(pinned));
            ssm.deleteDocument(r -> r.name("Deploy"));
            message("InvalidDocument", () -> ssm.describeDocument(r -> r.name("Deploy")));
        }
    }

    @Test
    void yamlDocumentReachesTheNodeAsJson() throws Exception {
        String account = account();
        try (SsmClient ssm = client(account)) {
            Fleet fleet = fleet(account, ssm);
            String node = fleet.node("Success", 0);
            String yaml = "schemaVersion: '2.2'\nmainSteps:\n- action: aws:runShellScript\n  name: hi\n"
                    + "  inputs:\n    runCommand: [echo hi]\n";
            ssm.createDocument(r -> r.name("Yaml-Run").content(yaml).documentFormat(DocumentFormat.YAML));
            String id = fleet.create(fleet.association().name("Yaml-Run").parameters(Map.of()));
            assertEquals("Success", fleet.awaitOnlyRun(id).status());
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(effective(ssm, node).get(id));
            assertEquals("aws:runShellScript", json.get("mainSteps").get(0).get("action").asText());
        }
    }

    @Test
    void documentsThatDoNotRunOnNodesCannotBeAssociated() {
        String account = account();
        try (SsmClient ssm = client(account)) {
            Fleet fleet = fleet(account, ssm);
            ssm.createDocument(r -> r.name("Auto").documentType("Automation").content(
                    "{\"schemaVersion\":\"0.3\",\"mainSteps\":[{\"name\":\"s\",\"action\":\"aws:sleep\",\"inputs\":{}}]}"));
            assertEquals("Document type Automation is not supported for associations.",
                    message("InvalidDocument", () -> ssm.createAssociation(r -> r.name("Auto").targets(fleet.target()))));
            ssm.createDocument(r -> r.name("Inventory").documentType("Policy").content(
                    "{\"schemaVersion\":\"2.0\",\"mainSteps\":[{\"action\":\"aws:softwareInventory\",\"name\":\"inv\","
                            + "\"inputs\":{}}]}"));
            ssm.createAssociation(r -> r.name("Inventory").targets(fleet.target()));
        }
    }

    @Test
    void anotherAccountsDocumentRunsByArnWhileShared() {
        String ownerAccount = account();
        String userAccount = account();
        try (SsmClient owner = client(ownerAccount); SsmClient user = client(userAccount)) {
            Fleet fleet = fleet(userAccount, user);
            fleet.node("Success", 0);
            owner.createDocument(r -> r.name("Team-Deploy").content(DOC.formatted("shared")));
            String arn = "arn:aws:ssm:" + TestServer.REGION + ":" + ownerAccount + ":document/Team-Deploy";
            message("InvalidDocument", () -> user.createAssociation(r -> r.name(arn).targets(fleet.target())
                    .parameters(Map.of("build", List.of("1")))));
            owner.modifyDocumentPermission(r -> r.name("Team-Deploy").permissionType("Share").accountIdsToAdd(userAccount));
            String id = fleet.create(fleet.association().name(arn).parameters(Map.of("build", List.of("1"))));
            assertEquals("Success", fleet.awaitOnlyRun(id).status());

            // Unshared, the next run can't get the document: it fails saying why, and starts no node.
            owner.modifyDocumentPermission(r -> r.name("Team-Deploy").permissionType("Share")
                    .accountIdsToRemove(userAccount));
            user.startAssociationsOnce(r -> r.associationIds(id));
            List<AssociationExecution> runs = fleet.awaitRuns(id, 2);
            AssociationExecution second = runs.get(0);
            assertEquals("Failed", second.status());
            assertTrue(second.detailedStatus().contains("InvalidDocument"), second.detailedStatus());
        }
    }

    /** DescribeEffectiveInstanceAssociations as the node sees it: association id to content. */
    private static Map<String, String> effective(SsmClient ssm, String node) {
        Map<String, String> byId = new java.util.TreeMap<>();
        for (InstanceAssociation a : ssm.describeEffectiveInstanceAssociationsPaginator(r -> r.instanceId(node))
                .associations()) {
            byId.put(a.associationId(), a.content());
        }
        return byId;
    }
}
