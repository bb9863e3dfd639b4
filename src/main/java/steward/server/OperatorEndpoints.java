package steward.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import steward.metrics.MicrometerMetrics;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;
import steward.storage.Database;

/**
 * The endpoints for whoever runs Steward, unauthenticated because they reveal no one's data:
 * {@code GET /metrics} (Prometheus text format, aggregates only), {@code GET /health} (the
 * process answers) and {@code GET /ready} (the store answers, its schema is migrated, and the
 * server is not stopping).
 */
final class OperatorEndpoints {
    static final String METRICS = "/metrics";
    static final String HEALTH = "/health";
    static final String READY = "/ready";
    private static final String JSON = "application/json";

    private final MicrometerMetrics metrics;
    private final Database database;
    private final BooleanSupplier stopping;

    OperatorEndpoints(MicrometerMetrics metrics, Database database, BooleanSupplier stopping) {
        this.metrics = metrics;
        this.database = database;
        this.stopping = stopping;
    }

    static boolean handles(String path) {
        return METRICS.equals(path) || HEALTH.equals(path) || READY.equals(path);
    }

    ApiResponse handle(ApiRequest request) {
        if (!request.method().equals("GET")) {
            return new ApiResponse(405, JSON, Map.of("Allow", "GET"),
                    bytes("{\"Message\":\"" + request.path() + " answers GET only.\"}"));
        }
        return switch (request.path()) {
            case METRICS -> {
                String accept = request.header("accept");
                yield new ApiResponse(200, MicrometerMetrics.contentType(accept), Map.of(), bytes(metrics.scrape(accept)));
            }
            case HEALTH -> new ApiResponse(200, JSON, Map.of(), bytes("{\"Status\":\"alive\"}"));
            default -> ready();
        };
    }

    /** Migrations ran before the listener opened, so a server that answers has them done. */
    private ApiResponse ready() {
        boolean reachable = database.reachable();
        boolean stoppingNow = stopping.getAsBoolean();
        boolean ready = reachable && !stoppingNow;
        String body = "{\"Status\":\"" + (ready ? "ready" : "unavailable") + "\",\"Store\":\""
                + (reachable ? "reachable" : "unreachable") + "\",\"Migrations\":\"done\",\"ShuttingDown\":"
                + stoppingNow + "}";
        return new ApiResponse(ready ? 200 : 503, JSON, Map.of(), bytes(body));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
