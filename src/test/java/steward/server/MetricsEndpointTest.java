package steward.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.CreateAssociationRequest;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.Clients;
import steward.testing.ControlClient;
import steward.testing.PrometheusText;
import steward.testing.PrometheusText.Family;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/**
 * GET /metrics, /health and /ready on a server that has answered requests, run associations
 * and fired a schedule; the exposition is read by the Prometheus client's own text parser.
 */
class MetricsEndpointTest {
    private static final Instant START = Instant.parse("2027-03-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static SsmClient ssm;
    private static ControlClient control;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void runSomeAssociations() throws Exception {
        server = TestServer.withManualClock(START);
        ssm = Clients.ssm(server.endpoint());
        control = new ControlClient(server.endpoint());
        for (String status : List.of("Success", "Failed")) {
            SignedHttp.Response node = control.post("/_steward/nodes", "{\"Tags\":[{\"Key\":\"metrics\",\"Value\":\"yes\"}],"
                    + "\"Behavior\":{\"Status\":\"" + status + "\",\"DurationMillis\":0}}");
            assertEquals(200, node.status(), node.body());
            ids.add(JSON.readTree(node.body()).get("InstanceId").asText());
        }
        CreateAssociationRequest.Builder association = CreateAssociationRequest.builder().name("AWS-RunShellScript")
                .targets(Target.builder().key("tag:metrics").values("yes").build())
                .parameters(Map.of("commands", List.of("echo metrics")));
        ids.add(ssm.createAssociation(association.build()).associationDescription().associationId());
        ids.add(ssm.createAssociation(association.scheduleExpression("rate(30 minutes)").build())
                .associationDescription().associationId());
        awaitSettled(2);
        SignedHttp.Response moved = control.post("/_steward/clock", "{\"AdvanceSeconds\":1800}");
        assertEquals(200, moved.status(), moved.body());
        awaitSettled(3);
        assertThrows(AssociationDoesNotExistException.class, () -> ssm.describeAssociation(r -> r
                .associationId("11111111-2222-3333-4444-555555555555")));
        for (String node : List.copyOf(ids.subList(0, 2))) {
            String commandId = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(node)
                    .parameters(Map.of("commands", List.of("echo metrics")))).command().commandId();
            awaitCommand(commandId);
            ids.add(commandId);
        }
    }

    private static void awaitCommand(String commandId) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            String status = ssm.listCommands(r -> r.commandId(commandId)).commands().get(0).statusAsString();
            if (!List.of("Pending", "InProgress").contains(status)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("command " + commandId + " did not finish");
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    @Test
    void metricsAreAggregatesInThePrometheusTextFormat() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                response.headers().toString());
        Map<String, Family> metrics = PrometheusText.parse(response.body());

        Family requests = metrics.get("steward_requests_seconds");
        assertEquals("histogram", requests.type());
        assertEquals(2.0, requests.value("steward_requests_seconds_count",
                Map.of("operation", "CreateAssociation", "status", "200", "error_code", "")));
        assertEquals(1.0, requests.value("steward_requests_seconds_count",
                Map.of("operation", "DescribeAssociation", "status", "400", "error_code", "AssociationDoesNotExist")));
        assertEquals(2.0, requests.value("steward_requests_seconds_count",
                Map.of("operation", "POST /_steward/nodes", "status", "200")));
        assertEquals(1.0, requests.value("steward_requests_seconds_bucket",
                Map.of("operation", "DescribeAssociation", "le", "+Inf")));
        assertTrue(requests.samples("steward_requests_seconds_bucket", Map.of("operation", "CreateAssociation")).size() > 5,
                "latency buckets");

        // Three runs, each on one node that succeeds and one that fails.
        Family runs = metrics.get("steward_association_runs");
        assertEquals("counter", runs.type());
        assertEquals(3.0, runs.value("steward_association_runs_total", Map.of("status", "Failed")));
        Family targets = metrics.get("steward_association_run_targets");
        assertEquals(3.0, targets.value("steward_association_run_targets_total", Map.of("status", "Success")));
        assertEquals(3.0, targets.value("steward_association_run_targets_total", Map.of("status", "Failed")));

        // One command to the node that succeeds, one to the node that fails.
        Family commands = metrics.get("steward_commands");
        assertEquals("counter", commands.type());
        assertEquals(1.0, commands.value("steward_commands_total", Map.of("status", "Success")));
        assertEquals(1.0, commands.value("steward_commands_total", Map.of("status", "Failed")));
        assertEquals(0.0, metrics.get("steward_agents_online").value("steward_agents_online", Map.of()),
                "simulated nodes are not agents");

        Family lag = metrics.get("steward_schedule_firing_lag_seconds");
        assertEquals("histogram", lag.type());
        assertEquals(1.0, lag.value("steward_schedule_firing_lag_seconds_count", Map.of()));
        assertEquals(0.0, lag.value("steward_schedule_firing_lag_seconds_sum", Map.of()), "on time on the manual clock");

        assertTrue(metrics.get("steward_store_size_bytes").value("steward_store_size_bytes", Map.of()) > 0);
        assertEquals(0.0, metrics.get("steward_long_polls_open").value("steward_long_polls_open", Map.of()));
        assertTrue(metrics.get("jvm_memory_used_bytes").samples().size() > 0, "JVM memory");
        assertTrue(metrics.get("jvm_threads_live_threads").value("jvm_threads_live_threads", Map.of()) > 0);
        assertTrue(metrics.get("process_uptime_seconds").value("process_uptime_seconds", Map.of()) > 0);
        assertTrue(metrics.containsKey("jvm_gc_memory_allocated_bytes") || metrics.containsKey("jvm_gc_pause_seconds"),
                metrics.keySet().toString());

        for (String id : ids) {
            assertFalse(response.body().contains(id), "no id in the metrics: " + id);
        }
        assertFalse(response.body().contains("000000000000"), "no account in the metrics");
        assertFalse(response.body().contains("/metrics"), "the operators' own endpoints are not counted");
    }

    @Test
    void openMetricsIsServedWhenAsked() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(response.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    }

    @Test
    void healthAndReadinessNeedNoSignature() throws Exception {
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("alive", JSON.readTree(health.body()).get("Status").asText());
        HttpResponse<String> ready = get("/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonNode body = JSON.readTree(ready.body());
        assertEquals("ready", body.get("Status").asText());
        assertEquals("reachable", body.get("Store").asText());
        assertEquals("done", body.get("Migrations").asText());
        assertFalse(body.get("ShuttingDown").asBoolean());
    }

    @Test
    void operatorEndpointsAnswerGetOnly() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return server.endpoint().resolve(path);
    }

    private static void awaitSettled(int runs) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            List<String> statuses = new ArrayList<>();
            for (String id : ids.subList(2, 4)) {
                ssm.describeAssociationExecutionsPaginator(r -> r.associationId(id)).associationExecutions()
                        .forEach(e -> statuses.add(e.status()));
            }
            if (statuses.size() >= runs && statuses.stream().noneMatch(s -> s.equals("Pending") || s.equals("InProgress"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("runs did not settle");
    }
}
