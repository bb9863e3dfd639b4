package steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import steward.storage.Database;
import steward.storage.sqlite.SqliteDatabase;

/**
 * DescribeAssociationExecutions against a store of ten million runs, measured with wrk as a
 * second process, next to the floor (the same server answering the same number of bytes
 * without touching the store) in the same run. Also start-up time and the server's RSS idle,
 * after loading and under load. Prints a Markdown report.
 *
 * <p>Arguments: data directory (kept between runs; loaded when empty), total runs (10000000),
 * seconds per case (10), wrk connections (16).
 */
public final class HistoryBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    record Result(double rps, double p50ms, double p99ms) {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "/tmp/steward-bench-history");
        long total = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        List<String> stores = List.of((args.length > 4 ? args[4] : "sqlite,postgresql").split(","));
        StringBuilder report = new StringBuilder();
        Map<String, Map<String, Result>> byStore = new LinkedHashMap<>();
        for (String store : stores) {
            report.append("\n### ").append(store.equals("sqlite") ? "SQLite" : "PostgreSQL").append("\n\n");
            if (store.equals("sqlite")) {
                byStore.put("SQLite", run(new SqliteStore(dataDir), total, seconds, connections, report));
            } else {
                try (BenchPostgres postgres = BenchPostgres.start(dataDir.resolve("postgresql"))) {
                    byStore.put("PostgreSQL", run(postgres, total, seconds, connections, report));
                }
            }
        }
        if (byStore.size() > 1) {
            List<String> names = List.copyOf(byStore.keySet());
            report.append("\n### Side by side\n\n| case |");
            names.forEach(n -> report.append(" ").append(n).append(" req/s | ").append(n).append(" p99 ms |"));
            report.append("\n| --- |").append(" --- | --- |".repeat(names.size())).append('\n');
            for (String c : byStore.get(names.get(0)).keySet()) {
                report.append("| ").append(c).append(" |");
                for (String n : names) {
                    Result r = byStore.get(n).get(c);
                    report.append(String.format(Locale.ROOT, " %.0f | %.2f |", r.rps, r.p99ms));
                }
                report.append('\n');
            }
        }
        System.out.print(report);
    }

    /** Where a case's store lives: how to load it, how big it is, and how a server is pointed at it. */
    interface BenchStore {
        Path idsFile();

        Database open();

        long sizeBytes(Database loaded);

        Map<String, String> serverEnvironment();

        Path serverDataDir();
    }

    record SqliteStore(Path dataDir) implements BenchStore {
        public Path idsFile() {
            return dataDir.resolve("bench-ids.txt");
        }

        public Database open() {
            return new SqliteDatabase(dataDir);
        }

        public long sizeBytes(Database loaded) {
            return loaded.sizeBytes();
        }

        public Map<String, String> serverEnvironment() {
            return Map.of();
        }

        public Path serverDataDir() {
            return dataDir;
        }
    }

    /** Loads the store when empty, then measures every case against it; returns the results by case. */
    private static Map<String, Result> run(BenchStore store, long total, int seconds, int connections, StringBuilder report)
            throws Exception {
        Path ids = store.idsFile();
        long sizeBytes;
        try (Database database = store.open()) {
            if (!Files.exists(ids)) {
                HistoryLoader.Loaded loaded = HistoryLoader.load(database, 10_000, total, Math.min(1_000_000, total / 10), 100);
                Files.writeString(ids, loaded.bigAssociation() + "\n" + loaded.smallAssociation() + "\n");
                report.append(String.format(Locale.ROOT, "Loaded %,d runs over 10,000 associations in %.1f s: %,.0f rows/s.%n%n",
                        loaded.runs(), loaded.seconds(), loaded.rowsPerSecond()));
            }
            sizeBytes = store.sizeBytes(database);
        }
        List<String> lines = Files.readAllLines(ids);
        String big = lines.get(0);
        String small = lines.get(1);
        report.append(String.format(Locale.ROOT, "Store: %.2f GiB on disk.%n%n", sizeBytes / 1073741824.0));

        Map<String, Result> results = new LinkedHashMap<>();
        Server server = Server.start(store.serverDataDir(), store.serverEnvironment());
        try {
            report.append(String.format(Locale.ROOT, "Start-up to first answered request: %d ms.%n", server.startupMillis));
            Thread.sleep(2000);
            long idleRss = server.rssKiB();
            Map<String, String> bodies = new LinkedHashMap<>();
            String bigName = String.format(Locale.ROOT, "%,d-run", Math.min(1_000_000, total / 10));
            Map<String, String> associations = new LinkedHashMap<>();
            associations.put(bigName, big);
            associations.put("100-run", small);
            for (Map.Entry<String, String> association : associations.entrySet()) {
                String id = association.getValue();
                String name = association.getKey();
                bodies.put(name + ": first page", request(id, null, null));
                bodies.put(name + ": deep page by token", request(id, deepToken(server.endpoint, id), null));
                bodies.put(name + ": Status filter (1 run in 1,000)", request(id, null,
                        "[{\"Key\":\"Status\",\"Value\":\"Failed\",\"Type\":\"EQUAL\"}]"));
                Instant[] window = window(server.endpoint, id);
                bodies.put(name + ": CreatedTime range", request(id, null, "[{\"Key\":\"CreatedTime\",\"Value\":\""
                        + window[0] + "\",\"Type\":\"GREATER_THAN\"},{\"Key\":\"CreatedTime\",\"Value\":\"" + window[1]
                        + "\",\"Type\":\"LESS_THAN\"}]"));
            }
            long afterLoadRss = server.rssKiB();
            AtomicLong peakRss = new AtomicLong(afterLoadRss);
            report.append("\n| case | response bytes | req/s | p50 ms | p99 ms | floor req/s | floor p50 ms | floor p99 ms | "
                    + "req/s ÷ floor |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (Map.Entry<String, String> c : bodies.entrySet()) {
                byte[] body = c.getValue().getBytes(StandardCharsets.UTF_8);
                int bytes = call(server.endpoint, "AmazonSSM.DescribeAssociationExecutions", body).length();
                Result real = wrk(server, "/", "AmazonSSM.DescribeAssociationExecutions", body, seconds, connections, peakRss);
                Result floor = wrk(server, "/_steward/bench/floor?bytes=" + bytes, null, body, seconds, connections, peakRss);
                results.put(c.getKey(), real);
                report.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f |%n",
                        c.getKey(), bytes, real.rps, real.p50ms, real.p99ms, floor.rps, floor.p50ms, floor.p99ms,
                        real.rps / floor.rps));
            }
            report.append("\n| case | p99 ms, " + bigName.replace("-run", " runs") + " | p99 ms, 100 runs | ratio |\n"
                    + "| --- | --- | --- | --- |\n");
            for (String c : List.of("first page", "deep page by token", "Status filter (1 run in 1,000)", "CreatedTime range")) {
                Result bigResult = results.get(bigName + ": " + c);
                Result smallResult = results.get("100-run: " + c);
                report.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", c, bigResult.p99ms,
                        smallResult.p99ms, bigResult.p99ms / smallResult.p99ms));
            }
            report.append(String.format(Locale.ROOT, "%nServer RSS: idle %d MiB, after the first requests %d MiB, "
                    + "peak under load %d MiB.%n", idleRss / 1024, afterLoadRss / 1024, peakRss.get() / 1024));
        } finally {
            server.close();
        }
        return results;
    }

    static String request(String associationId, String token, String filters) {
        StringBuilder body = new StringBuilder("{\"AssociationId\":\"" + associationId + "\",\"MaxResults\":50");
        if (token != null) {
            body.append(",\"NextToken\":\"").append(token).append('"');
        }
        if (filters != null) {
            body.append(",\"Filters\":").append(filters);
        }
        return body.append('}').toString();
    }

    /** Walks 2,000 pages (100,000 runs) in, or to the last page of a short history. */
    private static String deepToken(URI endpoint, String associationId) throws Exception {
        String token = null;
        for (int page = 0; page < 2000; page++) {
            JsonNode response = JSON.readTree(call(endpoint, "AmazonSSM.DescribeAssociationExecutions",
                    request(associationId, token, null).getBytes(StandardCharsets.UTF_8)));
            if (!response.has("NextToken")) {
                break;
            }
            token = response.get("NextToken").asText();
        }
        return token;
    }

    /** A CreatedTime window around the middle of the newest page's span, about 50 runs wide or less. */
    private static Instant[] window(URI endpoint, String associationId) throws Exception {
        JsonNode page = JSON.readTree(call(endpoint, "AmazonSSM.DescribeAssociationExecutions",
                request(associationId, null, null).getBytes(StandardCharsets.UTF_8))).get("AssociationExecutions");
        double newest = page.get(0).get("CreatedTime").asDouble();
        double oldest = page.get(page.size() - 1).get("CreatedTime").asDouble();
        return new Instant[] {Instant.ofEpochMilli((long) (oldest * 1000) - 1), Instant.ofEpochMilli((long) (newest * 1000) + 1)};
    }

    static Map<String, String> sign(URI uri, String target, byte[] body) {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body));
        if (target != null) {
            unsigned.putHeader("X-Amz-Target", target);
        }
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsBasicCredentials.create("test", "test"))
                .request(unsigned.build()).payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }

    static String call(URI endpoint, String target, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        sign(endpoint, target, body).forEach(request::header);
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Replays one signed request with wrk for {@code seconds}; samples the server's RSS meanwhile. */
    static Result wrk(Server server, String path, String target, byte[] body, int seconds, int connections,
                              AtomicLong peakRss) throws Exception {
        URI uri = server.endpoint.resolve(path);
        Path script = Files.createTempFile("steward-wrk", ".lua");
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
        lua.append("wrk.body = [==[").append(new String(body, StandardCharsets.UTF_8)).append("]==]\n");
        for (Map.Entry<String, String> header : sign(uri, target, body).entrySet()) {
            lua.append("wrk.headers[\"").append(header.getKey()).append("\"] = \"").append(header.getValue()).append("\"\n");
        }
        Files.writeString(script, lua);
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), uri.toString()).redirectErrorStream(true).start();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (wrk.isAlive()) {
                peakRss.accumulateAndGet(server.rssKiB(), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        sampler.join();
        Files.delete(script);
        if (output.contains("Non-2xx")) {
            throw new IllegalStateException("wrk saw errors:\n" + output);
        }
        Matcher rps = RPS.matcher(output);
        if (!rps.find()) {
            throw new IllegalStateException("no wrk result:\n" + output);
        }
        Map<String, Double> latency = new LinkedHashMap<>();
        Matcher m = LATENCY.matcher(output);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2));
            latency.put(m.group(1), switch (m.group(3)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            });
        }
        return new Result(Double.parseDouble(rps.group(1)), latency.get("50"), latency.get("99"));
    }

    /** The server as the launcher starts it, in its own process. */
    static final class Server implements AutoCloseable {
        final Process process;
        final URI endpoint;
        final long startupMillis;

        private Server(Process process, URI endpoint, long startupMillis) {
            this.process = process;
            this.endpoint = endpoint;
            this.startupMillis = startupMillis;
        }

        static Server start(Path dataDir) throws Exception {
            return start(dataDir, Map.of());
        }

        /** With these STEWARD_* variables too (e.g. STEWARD_LOG_LEVEL). */
        static Server start(Path dataDir, Map<String, String> environment) throws Exception {
            Path root = Path.of(System.getProperty("user.dir"));
            List<String> command = new ArrayList<>(List.of(root.resolve("steward").toString(), "serve", "--port", "0",
                    "--data-dir", dataDir.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("STEWARD_BENCH_FLOOR", "1");
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            URI endpoint = null;
            while ((line = out.readLine()) != null) {
                int at = line.indexOf("listening on ");
                if (at >= 0) {
                    endpoint = URI.create(line.substring(at + "listening on ".length()).trim() + "/");
                    break;
                }
            }
            if (endpoint == null) {
                throw new IllegalStateException("server did not start");
            }
            call(endpoint, "AmazonSSM.ListDocuments", "{}".getBytes(StandardCharsets.UTF_8));
            long startup = (System.nanoTime() - started) / 1_000_000;
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (out.readLine() != null) {
                        // drain
                    }
                } catch (IOException ignored) {
                    // gone
                }
            });
            return new Server(process, endpoint, startup);
        }

        long rssKiB() {
            try {
                long pid = process.toHandle().descendants().findFirst().map(ProcessHandle::pid).orElse(process.pid());
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return 0;
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private HistoryBenchmark() {
    }
}
