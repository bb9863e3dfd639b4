package steward.clients;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CreateAssociationRequest;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ClientProcess;
import steward.testing.ControlClient;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/**
 * The run history through the AWS SDK for JavaScript v3 (@aws-sdk/client-ssm from npm): this
 * test makes a history of mixed runs, then node's test runner reads it back with the SDK's
 * paginators, filters and typed errors (src/test/js/history.test.mjs).
 */
class JavaScriptClientTest {
    private static final int RUNS = 61;

    private static Path installed() throws Exception {
        Path js = ClientProcess.projectDir().resolve("src/test/js");
        synchronized (JavaScriptClientTest.class) {
            if (!Files.isDirectory(js.resolve("node_modules/@aws-sdk/client-ssm"))) {
                ClientProcess.runAndAssertSuccess(List.of("npm", "ci", "--no-audit", "--no-fund"), js, Map.of(), 5);
            }
        }
        return js;
    }

    /** Documents (src/test/js/documents.test.mjs) in a fresh account that has one simulated node. */
    @Test
    void documentsThroughTheJavaScriptSdk() throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true");
        Path js = installed();
        String account = Long.toString(java.util.concurrent.ThreadLocalRandom.current()
                .nextLong(100_000_000_000L, 999_999_999_999L));
        try (TestServer server = TestServer.start()) {
            ControlClient control = new ControlClient(server.endpoint(), account, TestServer.REGION);
            SignedHttp.Response node = control.post("/_steward/nodes", "{\"Tags\":[{\"Key\":\"js-docs\",\"Value\":\"yes\"}],"
                    + "\"Behavior\":{\"Status\":\"Success\",\"DurationMillis\":0}}");
            if (node.status() != 200) {
                throw new AssertionError(node.body());
            }
            String nodeId = node.body().replaceAll("(?s).*\"InstanceId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            ClientProcess.runAndAssertSuccess(List.of("node", "--test", "documents.test.mjs"), js,
                    Map.of("STEWARD_ENDPOINT", server.endpoint().toString(), "STEWARD_ACCESS_KEY", account,
                            "STEWARD_NODE_ID", nodeId), 5);
        }
    }

    @Test
    void historyThroughTheJavaScriptSdk() throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true");
        Path js = installed();
        try (TestServer server = TestServer.start(); SsmClient ssm = server.client()) {
            ControlClient control = new ControlClient(server.endpoint());
            for (String status : List.of("Success", "Failed", "Success")) {
                SignedHttp.Response node = control.post("/_steward/nodes", "{\"Tags\":[{\"Key\":\"js\",\"Value\":\"yes\"}],"
                        + "\"Behavior\":{\"Status\":\"" + status + "\",\"DurationMillis\":0}}");
                if (node.status() != 200) {
                    throw new AssertionError(node.body());
                }
            }
            String id = ssm.createAssociation(CreateAssociationRequest.builder().name("AWS-RunShellScript")
                    .targets(Target.builder().key("tag:js").values("yes").build())
                    .parameters(Map.of("commands", List.of("echo js"))).build()).associationDescription().associationId();
            String[] tenTimes = Collections.nCopies(10, id).toArray(String[]::new);
            for (int started = 1; started < RUNS; started += tenTimes.length) {
                ssm.startAssociationsOnce(r -> r.associationIds(tenTimes));
            }
            awaitSettled(ssm, id);
            ClientProcess.runAndAssertSuccess(List.of("node", "--test", "history.test.mjs"), js,
                    Map.of("STEWARD_ENDPOINT", server.endpoint().toString(), "STEWARD_ASSOCIATION_ID", id,
                            "STEWARD_EXPECTED_RUNS", Integer.toString(RUNS)), 5);
        }
    }

    @Test
    void complianceThroughTheJavaScriptSdk() throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true");
        Path js = ClientProcess.projectDir().resolve("src/test/js");
        if (!Files.isDirectory(js.resolve("node_modules/@aws-sdk/client-ssm"))) {
            ClientProcess.runAndAssertSuccess(List.of("npm", "ci", "--no-audit", "--no-fund"), js, Map.of(), 5);
        }
        try (TestServer server = TestServer.start(); SsmClient ssm = server.client()) {
            ControlClient control = new ControlClient(server.endpoint());
            List<String> nodes = new java.util.ArrayList<>();
            for (String status : List.of("Success", "Failed")) {
                SignedHttp.Response node = control.post("/_steward/nodes", "{\"Tags\":[{\"Key\":\"js\",\"Value\":\"yes\"}],"
                        + "\"Behavior\":{\"Status\":\"" + status + "\",\"DurationMillis\":0}}");
                if (node.status() != 200) {
                    throw new AssertionError(node.body());
                }
                nodes.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(node.body()).get("InstanceId").asText());
            }
            Map<String, String> ids = new java.util.HashMap<>();
            for (String sync : List.of("AUTO", "MANUAL")) {
                String id = ssm.createAssociation(CreateAssociationRequest.builder().name("AWS-RunShellScript")
                        .targets(Target.builder().key("tag:js").values("yes").build()).complianceSeverity("MEDIUM")
                        .syncCompliance(sync).parameters(Map.of("commands", List.of("echo js"))).build())
                        .associationDescription().associationId();
                awaitSettled(ssm, id, 1);
                ids.put(sync, id);
            }
            ClientProcess.runAndAssertSuccess(List.of("node", "--test", "compliance.test.mjs"), js,
                    Map.of("STEWARD_ENDPOINT", server.endpoint().toString(), "STEWARD_OK_NODE", nodes.get(0),
                            "STEWARD_BAD_NODE", nodes.get(1), "STEWARD_AUTO_ASSOCIATION", ids.get("AUTO"),
                            "STEWARD_MANUAL_ASSOCIATION", ids.get("MANUAL")), 5);
        }
    }

    @Test
    void commandsThroughTheJavaScriptSdk() throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true");
        Path js = ClientProcess.projectDir().resolve("src/test/js");
        if (!Files.isDirectory(js.resolve("node_modules/@aws-sdk/client-ssm"))) {
            ClientProcess.runAndAssertSuccess(List.of("npm", "ci", "--no-audit", "--no-fund"), js, Map.of(), 5);
        }
        try (TestServer server = TestServer.start()) {
            ControlClient control = new ControlClient(server.endpoint());
            String quick = nodeId(control.post("/_steward/nodes",
                    "{\"Behavior\":{\"Status\":\"Success\",\"DurationMillis\":50,\"Stdout\":\"hello from js\\n\"}}"));
            String slow = nodeId(control.post("/_steward/nodes",
                    "{\"Behavior\":{\"Status\":\"Success\",\"DurationMillis\":600000}}"));
            ClientProcess.runAndAssertSuccess(List.of("node", "--test", "commands.test.mjs"), js,
                    Map.of("STEWARD_ENDPOINT", server.endpoint().toString(), "STEWARD_QUICK_NODE", quick,
                            "STEWARD_SLOW_NODE", slow), 5);
        }
    }

    private static String nodeId(SignedHttp.Response node) {
        if (node.status() != 200) {
            throw new AssertionError(node.body());
        }
        return node.body().replaceAll(".*\"InstanceId\":\"([^\"]+)\".*", "$1");
    }

    private static void awaitSettled(SsmClient ssm, String id) throws InterruptedException {
        awaitSettled(ssm, id, RUNS);
    }

    private static void awaitSettled(SsmClient ssm, String id, int count) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            var runs = ssm.describeAssociationExecutionsPaginator(r -> r.associationId(id)).associationExecutions()
                    .stream().toList();
            if (runs.size() >= count && runs.stream().allMatch(r -> !r.status().equals("Pending")
                    && !r.status().equals("InProgress"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("runs did not settle");
    }
}
