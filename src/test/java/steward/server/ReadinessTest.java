package steward.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import steward.metrics.MicrometerMetrics;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;
import steward.storage.sqlite.SqliteDatabase;
import steward.testing.TestServer;

/** GET /ready says 503 when the store stops answering or the server is stopping, on a real store. */
class ReadinessTest {
    private static final ApiRequest READY = new ApiRequest("GET", "/ready", "", Map.of(), Map.of(), new byte[0]);

    @Test
    void readyOnlyWhileTheStoreAnswersAndTheServerIsNotStopping() throws Exception {
        Path dir = Files.createTempDirectory("steward-ready");
        AtomicBoolean stopping = new AtomicBoolean();
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            SqliteDatabase database = new SqliteDatabase(dir);
            OperatorEndpoints endpoints = new OperatorEndpoints(metrics, database, stopping::get);
            assertReady(endpoints, 200, "{\"Status\":\"ready\",\"Store\":\"reachable\",\"Migrations\":\"done\","
                    + "\"ShuttingDown\":false}");
            stopping.set(true);
            assertReady(endpoints, 503, "{\"Status\":\"unavailable\",\"Store\":\"reachable\",\"Migrations\":\"done\","
                    + "\"ShuttingDown\":true}");
            stopping.set(false);
            database.close();
            assertReady(endpoints, 503, "{\"Status\":\"unavailable\",\"Store\":\"unreachable\",\"Migrations\":\"done\","
                    + "\"ShuttingDown\":false}");
            ApiResponse health = endpoints.handle(new ApiRequest("GET", "/health", "", Map.of(), Map.of(), new byte[0]));
            assertEquals(200, health.status(), "alive even without its store");
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    @Test
    void theOperatorsPathsAreExactlyThese() {
        for (String path : List.of("/metrics", "/health", "/ready")) {
            assertTrue(OperatorEndpoints.handles(path), path);
        }
        for (String path : List.of("/", "/metrics/", "/healthz", "/_steward/nodes", "/ready?x")) {
            assertTrue(!OperatorEndpoints.handles(path), path);
        }
    }

    private static void assertReady(OperatorEndpoints endpoints, int status, String body) {
        ApiResponse response = endpoints.handle(READY);
        assertEquals(status, response.status());
        assertEquals(body, new String(response.body(), StandardCharsets.UTF_8));
    }
}
