package steward.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import steward.testing.ControlClient;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/**
 * Every operation that names something, asked by a second account (and by the first account
 * in another region) about the first account's ids, answers exactly as it does for an id that
 * never existed: the same status, the same error code, the same body shape.
 */
class TenantIsolationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = "111111111111";
    private static final String OTHER = "222222222222";
    private static final String NEVER_ASSOCIATION = "00000000-0000-4000-8000-000000000000";
    private static final String NEVER_NODE = "mi-00000000000000000";
    private static final String DOCUMENT = "Owner-Doc";
    private static final String NEVER_DOCUMENT = "Never-Doc";
    private static final String CONTENT = "{\\\"schemaVersion\\\":\\\"2.2\\\",\\\"mainSteps\\\":[{\\\"action\\\":"
            + "\\\"aws:runShellScript\\\",\\\"name\\\":\\\"s\\\",\\\"inputs\\\":{\\\"runCommand\\\":[\\\"echo %s\\\"]}}]}";

    private static TestServer server;
    private static SignedHttp http;
    private static String association;
    private static String legacy;
    private static String execution;
    private static String node;
    private static String activation;
    private static final String NEVER_ACTIVATION = "00000000-0000-4000-8000-000000000000";

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        http = new SignedHttp(server.endpoint());
        ControlClient owner = new ControlClient(server.endpoint(), OWNER, TestServer.REGION);
        node = JSON.readTree(owner.post("/_steward/nodes", "{\"Tags\":[{\"Key\":\"team\",\"Value\":\"a\"}]}").body())
                .get("InstanceId").asText();
        owner.put("/_steward/alarms/owner-alarm", "{\"State\":\"ALARM\"}");
        association = call(OWNER, TestServer.REGION, "CreateAssociation", "{\"Name\":\"AWS-RunShellScript\","
                + "\"Targets\":[{\"Key\":\"tag:team\",\"Values\":[\"a\"]}],\"Parameters\":{\"commands\":[\"echo\"]},"
                + "\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}").get("AssociationDescription").get("AssociationId").asText();
        legacy = node;
        call(OWNER, TestServer.REGION, "CreateDocument", "{\"Name\":\"" + DOCUMENT + "\",\"Content\":\""
                + CONTENT.formatted("one") + "\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
        activation = call(OWNER, TestServer.REGION, "CreateActivation", "{\"IamRole\":\"OwnerRole\"}")
                .get("ActivationId").asText();
        call(OWNER, TestServer.REGION, "CreateAssociation", "{\"Name\":\"AWS-UpdateSSMAgent\",\"InstanceId\":\"" + node + "\"}");
        for (int i = 0; i < 100; i++) {
            JsonNode runs = call(OWNER, TestServer.REGION, "DescribeAssociationExecutions",
                    "{\"AssociationId\":\"" + association + "\"}").get("AssociationExecutions");
            if (runs.size() > 0) {
                execution = runs.get(0).get("ExecutionId").asText();
                break;
            }
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode call(String key, String region, String operation, String body) throws Exception {
        SignedHttp.Response response = http.send("AmazonSSM." + operation, body.getBytes(), key, region);
        if (response.status() != 200) {
            throw new AssertionError(operation + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Status, error code and the shape of the body: what a caller can learn from an answer. */
    private static String answer(SignedHttp.Response response) throws Exception {
        JsonNode body = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        String code = body.has("__type") ? body.get("__type").asText() : "";
        StringBuilder shape = new StringBuilder();
        body.fieldNames().forEachRemaining(name -> shape.append(name).append(':')
                .append(body.get(name).isArray() ? "[" + body.get(name).size() + "]" : "").append(' '));
        return response.status() + " " + code + " " + (code.isEmpty() ? shape : "");
    }

    /** Each operation, as a function of the association id, node id and execution id it names. */
    private static Map<String, Function<String[], String>> operations() {
        Map<String, Function<String[], String>> ops = new LinkedHashMap<>();
        ops.put("DescribeAssociation", ids -> "{\"AssociationId\":\"" + ids[0] + "\"}");
        ops.put("DescribeAssociation#legacy", ids -> "{\"Name\":\"AWS-UpdateSSMAgent\",\"InstanceId\":\"" + ids[1] + "\"}");
        ops.put("UpdateAssociation", ids -> "{\"AssociationId\":\"" + ids[0] + "\",\"Parameters\":{\"commands\":[\"x\"]}}");
        ops.put("ListAssociationVersions", ids -> "{\"AssociationId\":\"" + ids[0] + "\"}");
        ops.put("ListAssociations", ids -> "{\"AssociationFilterList\":[{\"key\":\"AssociationId\",\"value\":\"" + ids[0] + "\"}]}");
        ops.put("DescribeAssociationExecutions", ids -> "{\"AssociationId\":\"" + ids[0] + "\"}");
        ops.put("DescribeAssociationExecutionTargets", ids -> "{\"AssociationId\":\"" + ids[0] + "\",\"ExecutionId\":\""
                + ids[2] + "\"}");
        ops.put("StartAssociationsOnce", ids -> "{\"AssociationIds\":[\"" + ids[0] + "\"]}");
        ops.put("ListTagsForResource", ids -> "{\"ResourceType\":\"Association\",\"ResourceId\":\"" + ids[0] + "\"}");
        ops.put("AddTagsToResource", ids -> "{\"ResourceType\":\"Association\",\"ResourceId\":\"" + ids[0]
                + "\",\"Tags\":[{\"Key\":\"x\",\"Value\":\"y\"}]}");
        ops.put("RemoveTagsFromResource", ids -> "{\"ResourceType\":\"Association\",\"ResourceId\":\"" + ids[0]
                + "\",\"TagKeys\":[\"k\"]}");
        ops.put("ListTagsForResource#node", ids -> "{\"ResourceType\":\"ManagedInstance\",\"ResourceId\":\"" + ids[1] + "\"}");
        ops.put("AddTagsToResource#node", ids -> "{\"ResourceType\":\"ManagedInstance\",\"ResourceId\":\"" + ids[1]
                + "\",\"Tags\":[{\"Key\":\"x\",\"Value\":\"y\"}]}");
        ops.put("DescribeInstanceInformation", ids -> "{\"Filters\":[{\"Key\":\"InstanceIds\",\"Values\":[\"" + ids[1] + "\"]}]}");
        ops.put("DescribeInstanceAssociationsStatus", ids -> "{\"InstanceId\":\"" + ids[1] + "\"}");
        ops.put("DescribeEffectiveInstanceAssociations", ids -> "{\"InstanceId\":\"" + ids[1] + "\"}");
        ops.put("UpdateAssociationStatus", ids -> "{\"Name\":\"AWS-UpdateSSMAgent\",\"InstanceId\":\"" + ids[1]
                + "\",\"AssociationStatus\":{\"Date\":1700000000,\"Name\":\"Failed\",\"Message\":\"m\"}}");
        ops.put("PutComplianceItems", ids -> "{\"ResourceId\":\"" + ids[1] + "\",\"ResourceType\":\"ManagedInstance\","
                + "\"ComplianceType\":\"Custom:Probe\",\"ExecutionSummary\":{\"ExecutionTime\":1700000000},\"Items\":[]}");
        ops.put("PutComplianceItems#partial", ids -> "{\"ResourceId\":\"" + ids[1] + "\",\"ResourceType\":\"ManagedInstance\","
                + "\"ComplianceType\":\"Association\",\"UploadType\":\"PARTIAL\",\"ExecutionSummary\":"
                + "{\"ExecutionTime\":1700000000},\"Items\":[{\"Id\":\"" + ids[0] + "\",\"Severity\":\"LOW\","
                + "\"Status\":\"COMPLIANT\"}]}");
        ops.put("ListComplianceItems", ids -> "{\"ResourceIds\":[\"" + ids[1] + "\"]}");
        ops.put("ListComplianceItems#association", ids -> "{\"Filters\":[{\"Key\":\"Id\",\"Values\":[\"" + ids[0]
                + "\"]}]}");
        ops.put("ListResourceComplianceSummaries", ids -> "{\"Filters\":[{\"Key\":\"ResourceId\",\"Values\":[\""
                + ids[1] + "\"]}]}");
        ops.put("ListComplianceSummaries", ids -> "{\"Filters\":[{\"Key\":\"ResourceId\",\"Values\":[\"" + ids[1]
                + "\"]}]}");
        ops.put("DescribeDocument", ids -> "{\"Name\":\"" + ids[3] + "\"}");
        ops.put("DescribeDocument#arn", ids -> "{\"Name\":\"arn:aws:ssm:" + TestServer.REGION + ":" + OWNER + ":document/"
                + ids[3] + "\"}");
        ops.put("GetDocument", ids -> "{\"Name\":\"" + ids[3] + "\"}");
        ops.put("GetDocument#arn", ids -> "{\"Name\":\"arn:aws:ssm:" + TestServer.REGION + ":" + OWNER + ":document/"
                + ids[3] + "\",\"DocumentVersion\":\"1\"}");
        ops.put("ListDocumentVersions", ids -> "{\"Name\":\"" + ids[3] + "\"}");
        ops.put("ListDocuments", ids -> "{\"Filters\":[{\"Key\":\"Name\",\"Values\":[\"" + ids[3] + "\"]}]}");
        ops.put("UpdateDocument", ids -> "{\"Name\":\"" + ids[3] + "\",\"Content\":\"" + CONTENT.formatted("two") + "\"}");
        ops.put("UpdateDocumentDefaultVersion", ids -> "{\"Name\":\"" + ids[3] + "\",\"DocumentVersion\":\"1\"}");
        ops.put("DescribeDocumentPermission", ids -> "{\"Name\":\"" + ids[3] + "\",\"PermissionType\":\"Share\"}");
        ops.put("ModifyDocumentPermission", ids -> "{\"Name\":\"" + ids[3] + "\",\"PermissionType\":\"Share\","
                + "\"AccountIdsToAdd\":[\"" + OTHER + "\"]}");
        ops.put("ListTagsForResource#document", ids -> "{\"ResourceType\":\"Document\",\"ResourceId\":\"" + ids[3] + "\"}");
        ops.put("AddTagsToResource#document", ids -> "{\"ResourceType\":\"Document\",\"ResourceId\":\"" + ids[3]
                + "\",\"Tags\":[{\"Key\":\"x\",\"Value\":\"y\"}]}");
        ops.put("CreateAssociation#document", ids -> "{\"Name\":\"" + ids[3] + "\",\"Targets\":[{\"Key\":\"InstanceIds\","
                + "\"Values\":[\"*\"]}]}");
        ops.put("CreateAssociation#arn", ids -> "{\"Name\":\"arn:aws:ssm:" + TestServer.REGION + ":" + OWNER + ":document/"
                + ids[3] + "\",\"Targets\":[{\"Key\":\"InstanceIds\",\"Values\":[\"*\"]}]}");
        ops.put("DeleteDocument", ids -> "{\"Name\":\"" + ids[3] + "\"}");
        ops.put("DescribeActivations", ids -> "{\"Filters\":[{\"FilterKey\":\"ActivationIds\",\"FilterValues\":[\""
                + ids[4] + "\"]}]}");
        ops.put("DescribeInstanceInformation#activation", ids -> "{\"Filters\":[{\"Key\":\"ActivationIds\",\"Values\":[\""
                + ids[4] + "\"]}]}");
        ops.put("UpdateInstanceInformation", ids -> "{\"InstanceId\":\"" + ids[1] + "\",\"AgentVersion\":\"9.9.9.9\"}");
        ops.put("DeleteActivation", ids -> "{\"ActivationId\":\"" + ids[4] + "\"}");
        ops.put("DeregisterManagedInstance", ids -> "{\"InstanceId\":\"" + ids[1] + "\"}");
        ops.put("DeleteAssociation#legacy", ids -> "{\"Name\":\"AWS-UpdateSSMAgent\",\"InstanceId\":\"" + ids[1] + "\"}");
        ops.put("DeleteAssociation", ids -> "{\"AssociationId\":\"" + ids[0] + "\"}");
        return ops;
    }

    @TestFactory
    List<DynamicTest> foreignIdsAnswerAsIdsThatNeverExisted() {
        String[] owners = {association, legacy, execution, DOCUMENT, activation};
        String[] never = {NEVER_ASSOCIATION, NEVER_NODE, NEVER_ASSOCIATION, NEVER_DOCUMENT, NEVER_ACTIVATION};
        return operations().entrySet().stream().flatMap(op -> List.of(
                new String[] {OTHER, TestServer.REGION}, new String[] {OWNER, "eu-west-1"}).stream()
                .map(caller -> DynamicTest.dynamicTest(op.getKey() + " as " + caller[0] + "/" + caller[1], () -> {
                    String operation = op.getKey().split("#")[0];
                    String foreign = answer(http.send("AmazonSSM." + operation,
                            op.getValue().apply(owners).getBytes(), caller[0], caller[1]));
                    String missing = answer(http.send("AmazonSSM." + operation,
                            op.getValue().apply(never).getBytes(), caller[0], caller[1]));
                    assertEquals(missing, foreign);
                }))).toList();
    }

    @TestFactory
    List<DynamicTest> controlApiSeesNoOtherTenantsNodesOrAlarms() {
        ControlClient other = new ControlClient(server.endpoint(), OTHER, TestServer.REGION);
        return List.of(
                DynamicTest.dynamicTest("GET node", () -> assertEquals(
                        answer(other.get("/_steward/nodes/" + NEVER_NODE)), answer(other.get("/_steward/nodes/" + node)))),
                DynamicTest.dynamicTest("PUT behavior", () -> assertEquals(
                        answer(other.put("/_steward/nodes/" + NEVER_NODE + "/behavior", "{\"Status\":\"Failed\",\"DurationMillis\":0}")),
                        answer(other.put("/_steward/nodes/" + node + "/behavior", "{\"Status\":\"Failed\",\"DurationMillis\":0}")))),
                DynamicTest.dynamicTest("DELETE node", () -> assertEquals(
                        answer(other.delete("/_steward/nodes/" + NEVER_NODE)), answer(other.delete("/_steward/nodes/" + node)))),
                DynamicTest.dynamicTest("GET alarm", () -> assertEquals(
                        answer(other.get("/_steward/alarms/never-alarm")), answer(other.get("/_steward/alarms/owner-alarm")))),
                DynamicTest.dynamicTest("list nodes", () -> assertEquals("{\"Nodes\":[]}",
                        other.get("/_steward/nodes").body().replace(" ", ""))));
    }

    @TestFactory
    List<DynamicTest> theOwnerStillSeesEverything() {
        return List.of(DynamicTest.dynamicTest("owner", () -> {
            assertEquals(association, call(OWNER, TestServer.REGION, "DescribeAssociation",
                    "{\"AssociationId\":\"" + association + "\"}").get("AssociationDescription").get("AssociationId").asText());
            assertEquals(1, call(OWNER, TestServer.REGION, "ListTagsForResource", "{\"ResourceType\":\"Association\","
                    + "\"ResourceId\":\"" + association + "\"}").get("TagList").size());
            JsonNode document = call(OWNER, TestServer.REGION, "DescribeDocument", "{\"Name\":\"" + DOCUMENT + "\"}")
                    .get("Document");
            assertEquals("1", document.get("LatestVersion").asText());
            assertEquals(1, document.get("Tags").size());
            assertEquals(0, call(OWNER, TestServer.REGION, "DescribeDocumentPermission", "{\"Name\":\"" + DOCUMENT
                    + "\",\"PermissionType\":\"Share\"}").get("AccountIds").size());
            assertEquals(node, JSON.readTree(new ControlClient(server.endpoint(), OWNER, TestServer.REGION)
                    .get("/_steward/nodes/" + node).body()).get("InstanceId").asText());
        }));
    }
}
