package steward.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the request log and the metrics cost: the same cheap signed request (ListDocuments, served
 * from memory, so the log's share is as large as it gets) replayed by wrk against servers started
 * as the launcher starts them, with the request log off (--log-level warn), as text, and as JSON;
 * then the size and time of a /metrics scrape.
 *
 * <p>{@code bench/run RequestLogBenchmark [seconds=10] [connections=16]}
 */
public final class RequestLogBenchmark {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "| request log | requests/s | p50 ms | p99 ms |%n| --- | --- | --- | --- |%n"));
        for (Map<String, String> mode : java.util.List.of(Map.of("STEWARD_LOG_LEVEL", "warn"),
                Map.of("STEWARD_LOG_FORMAT", "text"), Map.of("STEWARD_LOG_FORMAT", "json"))) {
            Path dataDir = Files.createTempDirectory("steward-bench-log");
            try (HistoryBenchmark.Server server = HistoryBenchmark.Server.start(dataDir, mode)) {
                HistoryBenchmark.wrk(server, "/", "AmazonSSM.ListDocuments", body, 2, connections, new AtomicLong());
                HistoryBenchmark.Result result = HistoryBenchmark.wrk(server, "/", "AmazonSSM.ListDocuments", body,
                        seconds, connections, new AtomicLong());
                report.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f |%n",
                        mode.containsKey("STEWARD_LOG_LEVEL") ? "off (warn)" : mode.get("STEWARD_LOG_FORMAT"),
                        result.rps(), result.p50ms(), result.p99ms()));
                if (mode.containsKey("STEWARD_LOG_FORMAT") && mode.get("STEWARD_LOG_FORMAT").equals("json")) {
                    report.append(scrape(server.endpoint));
                }
            } finally {
                deleteQuietly(dataDir);
            }
        }
        System.out.print(report);
    }

    /** Ten scrapes after the load: the body's size and the median time. */
    private static String scrape(URI endpoint) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long[] millis = new long[10];
        int bytes = 0;
        for (int i = 0; i < millis.length; i++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            millis[i] = (System.nanoTime() - started) / 1_000;
            bytes = response.body().length;
        }
        java.util.Arrays.sort(millis);
        return String.format(Locale.ROOT, "%n/metrics after the load: %d bytes, %d lines; median scrape %.2f ms%n", bytes,
                new String(http.send(HttpRequest.newBuilder(endpoint.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).lines().count(), millis[millis.length / 2] / 1000.0);
    }

    private static void deleteQuietly(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private RequestLogBenchmark() {
    }
}
