package steward.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import steward.server.ServerConfig;
import steward.server.Steward;
import steward.testing.TestServer;

/**
 * Hostile input changes nothing and never gets a 500: every operation Steward implements (found
 * the way ModelConstraintTest finds them) and every control API endpoint gets {@code count}
 * generated requests, driven by the SSM model's input shapes: valid and boundary values, values
 * each shape rejects, wrong JSON types, nulls, unknown members, duplicate members, deep nesting,
 * unicode and control characters, and broken bodies (truncated, random, not UTF-8, too large,
 * empty), broken signatures and targets.
 *
 * <p>Two phases, each with half the count:
 * <ol>
 *   <li><b>refused</b>: requests that must be refused, as a dedicated account whose data (made by
 *       fixtures) is snapshotted through the API before and after; every answer must be a 4xx and
 *       the snapshot must not change.</li>
 *   <li><b>mixed</b>: anything, valid or not, as two other accounts (the SSM operations in one, the
 *       control API in another, so that node registrations do not multiply runs); the refused
 *       account's snapshot must still not change.</li>
 * </ol>
 * Every answer must be 200 or a 4xx whose {@code __type} is an error the model declares for the
 * operation or a protocol-level one, equal to {@code X-Amzn-ErrorType}; never a 5xx; never later
 * than 10 s. Last, with the server closed, SQLite's {@code integrity_check} must say {@code ok}.
 *
 * <p>{@code -Dsteward.fuzz.seed=N} repeats a run's requests (printed at the start and in every
 * failure); {@code -Dsteward.fuzz.count=N} sets requests per operation (default 300; the full run
 * is {@code bench/fuzz}, 10,000); {@code -Dsteward.fuzz.threads=N} (default 4);
 * {@code -Dsteward.fuzz.endpoints=CreateAssociation,POST /_steward/nodes} fuzzes only those;
 * {@code -Dsteward.fuzz.trace=true} writes every request and answer to {@code target/fuzz/trace.txt}.
 */
class ModelFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String REFUSED_ACCOUNT = "111122223333";
    static final String SSM_ACCOUNT = "444455556666";
    static final String CONTROL_ACCOUNT = "777788889999";
    static final String DISCOVERY_ACCOUNT = "000011112222";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_REPORTED = 40;

    /** Error codes any request may get, whatever its operation declares. */
    static final Set<String> PROTOCOL_ERRORS = Set.of("ValidationException", "SerializationException",
            "UnknownOperationException", "MissingAuthenticationToken", "IncompleteSignature", "InvalidSignatureException",
            "UnrecognizedClientException", "RequestEntityTooLargeException", "BadRequestException",
            "RequestHeaderFieldsTooLargeException", "RequestURITooLongException", "RequestTimeoutException",
            "ExpectationFailedException");
    /** The control API's own error codes. */
    static final Set<String> CONTROL_ERRORS = Set.of("MethodNotAllowedException", "ResourceNotFoundException",
            "ResourceAlreadyExistsException");

    private final Shapes shapes = Shapes.ssm().with(ControlCases.SHAPES);
    private final ValueForge forge = new ValueForge(shapes);
    private final BodyFuzzer bodies = new BodyFuzzer(forge);
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong failureCount = new AtomicLong();
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failureKinds = new java.util.concurrent.ConcurrentSkipListMap<>();

    @Test
    void hostileRequestsNeverFaultTheServerAndRefusedOnesChangeNothing() throws Exception {
        long seed = Long.getLong("steward.fuzz.seed", new SecureRandom().nextLong() & 0xffff_ffff_ffffL);
        int count = Integer.getInteger("steward.fuzz.count", 300);
        int threads = Integer.getInteger("steward.fuzz.threads", 4);
        String only = System.getProperty("steward.fuzz.endpoints", "");
        String rerun = "-Dsteward.fuzz.seed=" + seed + " -Dsteward.fuzz.count=" + count;
        System.out.println("ModelFuzzTest seed " + seed + ", " + count + " requests per operation, " + threads
                + " threads (repeat with " + rerun + ")");
        long started = System.nanoTime();

        Path dataDir = Files.createTempDirectory("steward-fuzz");
        Steward steward = Steward.start(new ServerConfig("127.0.0.1", 0, dataDir, ServerConfig.DEFAULT_ASSOCIATION_LIMIT));
        boolean closed = false;
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + steward.address().getPort());
            FuzzClient client = new FuzzClient(endpoint, REQUEST_TIMEOUT);
            Fixtures fixtures = new Fixtures(client);

            List<String> implemented = implementedOperations(client);
            List<String> unimplemented = shapes.operations().stream().filter(o -> !implemented.contains(o)).toList();
            System.out.println("implemented operations (" + implemented.size() + "): " + implemented);
            SsmCases ssm = new SsmCases(bodies, unimplemented);
            ControlCases control = new ControlCases(bodies);
            List<String> ssmTargets = implemented.stream().filter(o -> only.isEmpty() || List.of(only.split(",")).contains(o))
                    .toList();
            List<ControlCases.Endpoint> controlTargets = List.of(ControlCases.Endpoint.values()).stream()
                    .filter(e -> only.isEmpty() || List.of(only.split(",")).contains(e.label)).toList();

            Dictionary refusedDict = fixtures.populate(REFUSED_ACCOUNT, 3, false);
            Dictionary ssmDict = fixtures.populate(SSM_ACCOUNT, 3, true);
            Dictionary controlDict = fixtures.populate(CONTROL_ACCOUNT, 0, true);
            fixtures.awaitQuiet(REFUSED_ACCOUNT, refusedDict);
            fixtures.awaitQuiet(SSM_ACCOUNT, ssmDict);

            StoreSnapshot snapshots = new StoreSnapshot(client, REFUSED_ACCOUNT, Fixtures.ALARMS);
            ObjectNode before = snapshots.take();
            assertTrue(before.path("ListAssociations").size() >= 3, "the refused account has data: " + before);

            int refusedCount = count / 2;
            int mixedCount = count - refusedCount;
            List<Runnable> refused = tasks("refused", refusedCount, seed, ssmTargets, controlTargets,
                    (op, i, s) -> ssm.invalid(op, i, s, refusedDict, REFUSED_ACCOUNT), null,
                    (e, i, s) -> control.invalid(e, i, s, refusedDict, REFUSED_ACCOUNT), null, client);
            runAll("refused", refused, threads, seed);
            ObjectNode afterRefused = snapshots.take();
            compareSnapshots(before, afterRefused, "the refused requests changed the refused account's data");

            List<Runnable> mixed = tasks("mixed", mixedCount, seed, ssmTargets, controlTargets,
                    (op, i, s) -> ssm.mixed(op, i, s, ssmDict, SSM_ACCOUNT), ssmDict,
                    (e, i, s) -> control.mixed(e, i, s, controlDict, CONTROL_ACCOUNT), controlDict, client);
            runAll("mixed", mixed, threads, seed + 1);
            compareSnapshots(afterRefused, snapshots.take(), "requests of other accounts changed the refused account's data");

            FuzzClient.Answer alive = client.send(new FuzzClient.Request("POST", "/", "AmazonSSM.ListAssociations",
                    "{}".getBytes(StandardCharsets.UTF_8), SsmCases.CONTENT_TYPE, SSM_ACCOUNT, FuzzClient.Auth.PROPER, Map.of()));
            steward.close();
            closed = true;
            String integrity = integrityCheck(dataDir);
            List<String> foreignKeys = foreignKeyCheck(dataDir);

            String summary = summary(seed, count, threads, refused.size() + mixed.size(),
                    Duration.ofNanos(System.nanoTime() - started), integrity, foreignKeys);
            System.out.println(summary);
            Path report = Path.of("target", "fuzz", "summary.md");
            Files.createDirectories(report.getParent());
            Files.writeString(report, summary);

            assertEquals(200, alive.status(), "the server still serves after the fuzzing: " + alive.text());
            assertEquals("ok", integrity, "SQLite integrity_check after the fuzzing");
            assertEquals(List.of(), foreignKeys, "SQLite foreign_key_check after the fuzzing");
            if (failureCount.get() > 0) {
                fail(failureCount.get() + " failures in " + (refused.size() + mixed.size()) + " fuzz requests (repeat with "
                        + rerun + "); by kind: " + failureKinds + "\nthe first ones:\n" + String.join("\n\n", failures));
            }
        } finally {
            if (!closed) {
                steward.close();
            }
            TestServer.deleteRecursively(dataDir);
        }
    }

    private void run(String phase, java.util.function.Supplier<FuzzCase> generate, FuzzClient client, Set<String> allowed,
                     Dictionary learn, String endpoint) {
        FuzzCase c;
        try {
            c = generate.get();
        } catch (RuntimeException e) {
            failureKinds.computeIfAbsent(phase + " generator failed", k -> new LongAdder()).increment();
            failure(phase + " " + endpoint + ": the generator failed: " + e, e);
            return;
        }
        FuzzClient.Answer answer;
        try {
            answer = client.send(c.request());
        } catch (FuzzClient.NoAnswer e) {
            record(phase, c, null);
            failureKinds.computeIfAbsent(phase + " " + c.kind() + ": no answer", k -> new LongAdder()).increment();
            failure(phase + " " + c.describe() + "\n    -> " + e.getMessage(), null);
            return;
        } catch (RuntimeException e) {
            failureKinds.computeIfAbsent(phase + " " + c.kind() + ": client could not send", k -> new LongAdder()).increment();
            failure(phase + " " + c.describe() + "\n    -> the client could not send it: " + e, e);
            return;
        }
        record(phase, c, answer);
        trace(phase, c, answer);
        List<String> problems = problems(c, answer, allowed);
        if (!problems.isEmpty()) {
            failureKinds.computeIfAbsent(phase + " " + c.kind() + ": " + problems.get(0).replaceAll("[0-9]", "#"),
                    k -> new LongAdder()).increment();
            failure(phase + " " + c.describe() + "\n    -> " + answer.status() + " " + FuzzCase.abbreviate(answer.body())
                    + "\n    " + String.join("; ", problems), null);
        } else if (answer.status() == 200 && learn != null) {
            try {
                learn.learn(JSON.readTree(answer.body()));
            } catch (IOException ignored) {
                // checked above: it is JSON
            }
        }
    }

    private static final java.io.PrintWriter TRACE = openTrace();

    private static java.io.PrintWriter openTrace() {
        if (!Boolean.getBoolean("steward.fuzz.trace")) {
            return null;
        }
        try {
            Path file = Path.of("target", "fuzz", "trace.txt");
            Files.createDirectories(file.getParent());
            return new java.io.PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** With -Dsteward.fuzz.trace=true, every request and its answer go to target/fuzz/trace.txt. */
    private static void trace(String phase, FuzzCase c, FuzzClient.Answer answer) {
        if (TRACE != null) {
            synchronized (TRACE) {
                TRACE.println(phase + " " + c.describe() + "\n    -> " + answer.status() + " " + FuzzCase.abbreviate(answer.body()));
            }
        }
    }

    /** What is wrong with an answer: a 5xx, an accepted request that must be refused, an error not in the allowed set. */
    static List<String> problems(FuzzCase c, FuzzClient.Answer answer, Set<String> allowed) {
        List<String> problems = new ArrayList<>();
        int status = answer.status();
        if (status >= 500) {
            problems.add("server fault " + status);
        } else if (status != 200 && (status < 400 || status > 499)) {
            problems.add("unexpected status " + status);
        }
        if (c.mustReject() && status < 300) {
            problems.add("accepted a request that must be refused");
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            problems.add("the answer is not JSON");
            return problems;
        }
        if (body == null || !body.isObject()) {
            problems.add("the answer is not a JSON object");
            return problems;
        }
        if (status >= 400) {
            JsonNode type = body.get("__type");
            if (type == null || !type.isTextual()) {
                problems.add("no __type in the error");
            } else {
                if (!type.textValue().equals(answer.header("X-Amzn-ErrorType"))) {
                    problems.add("X-Amzn-ErrorType " + answer.header("X-Amzn-ErrorType") + " is not __type " + type.textValue());
                }
                if (!allowed.contains(type.textValue())) {
                    problems.add(type.textValue() + " is neither declared for " + c.endpoint() + " nor a protocol error");
                }
            }
        } else if (status == 200) {
            for (JsonNode failed : body.path("Failed")) {
                if ("Server".equals(failed.path("Fault").asText())) {
                    problems.add("a batch entry failed with a server fault: " + failed);
                }
            }
        }
        return problems;
    }

    private Set<String> allowedFor(String op) {
        Set<String> allowed = new java.util.HashSet<>(PROTOCOL_ERRORS);
        allowed.addAll(shapes.declaredErrors(op));
        return allowed;
    }

    private static Set<String> controlAllowed() {
        Set<String> allowed = new java.util.HashSet<>(PROTOCOL_ERRORS);
        allowed.addAll(CONTROL_ERRORS);
        return allowed;
    }

    private void failure(String message, Throwable cause) {
        if (failureCount.incrementAndGet() <= MAX_REPORTED) {
            String text = message;
            if (cause != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                cause.printStackTrace(new java.io.PrintWriter(trace));
                text += "\n" + trace.toString().lines().limit(12).reduce("", (a, b) -> a + "\n      " + b);
            }
            failures.add(text);
        }
    }

    @FunctionalInterface
    private interface SsmMaker {
        FuzzCase make(String op, int index, long caseSeed);
    }

    @FunctionalInterface
    private interface ControlMaker {
        FuzzCase make(ControlCases.Endpoint endpoint, int index, long caseSeed);
    }

    /** {@code n} cases per SSM operation and per control endpoint, each from its own seed. */
    private List<Runnable> tasks(String phase, int n, long seed, List<String> ops, List<ControlCases.Endpoint> endpoints,
                                 SsmMaker ssm, Dictionary ssmLearns, ControlMaker control, Dictionary controlLearns,
                                 FuzzClient client) {
        List<Runnable> tasks = new ArrayList<>();
        for (String op : ops) {
            Set<String> allowed = allowedFor(op);
            for (int i = 0; i < n; i++) {
                int index = i;
                long caseSeed = caseSeed(seed, phase, op, i);
                tasks.add(() -> run(phase, () -> ssm.make(op, index, caseSeed), client, allowed, ssmLearns, op));
            }
        }
        for (ControlCases.Endpoint e : endpoints) {
            for (int i = 0; i < n; i++) {
                int index = i;
                long caseSeed = caseSeed(seed, phase, e.label, i);
                tasks.add(() -> run(phase, () -> control.make(e, index, caseSeed), client, controlAllowed(), controlLearns,
                        e.label));
            }
        }
        return tasks;
    }

    /** Runs the tasks in a seeded shuffled order on {@code threads} threads, so operations interleave. */
    private static void runAll(String phase, List<Runnable> tasks, int threads, long seed) throws Exception {
        long started = System.nanoTime();
        List<Runnable> order = new ArrayList<>(tasks);
        Collections.shuffle(order, new java.util.Random(seed));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : order) {
                futures.add(pool.submit(task));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        System.out.printf("%s phase: %d requests in %.1f s%n", phase, tasks.size(), (System.nanoTime() - started) / 1e9);
    }

    static long caseSeed(long seed, String phase, String endpoint, int index) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (String part : new String[] {phase, endpoint}) {
            h = mix(h + part.hashCode());
        }
        return mix(h + index);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Every model operation sent {}: anything but UnknownOperationException means implemented. */
    private List<String> implementedOperations(FuzzClient client) throws FuzzClient.NoAnswer {
        List<String> found = new ArrayList<>();
        for (String op : shapes.operations()) {
            FuzzClient.Answer answer = client.send(new FuzzClient.Request("POST", "/", "AmazonSSM." + op,
                    "{}".getBytes(StandardCharsets.UTF_8), SsmCases.CONTENT_TYPE, DISCOVERY_ACCOUNT, FuzzClient.Auth.PROPER,
                    Map.of()));
            assertTrue(answer.status() < 500, op + " {} answered " + answer.status() + ": " + answer.text());
            String type = answer.status() == 200 ? "" : readType(answer);
            if (!"UnknownOperationException".equals(type) && shapes.inputShape(op).isPresent()) {
                found.add(op);
            }
        }
        Collections.sort(found);
        return found;
    }

    private static String readType(FuzzClient.Answer answer) {
        try {
            return JSON.readTree(answer.body()).path("__type").asText();
        } catch (IOException e) {
            return "";
        }
    }

    private void compareSnapshots(ObjectNode before, ObjectNode after, String message) {
        if (!before.equals(after)) {
            failureKinds.computeIfAbsent("snapshot changed", k -> new LongAdder()).increment();
            failure(message + ":\n  " + String.join("\n  ", StoreSnapshot.differences(before, after, 30)), null);
        }
    }

    static String integrityCheck(Path dataDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("steward.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                out.append(out.isEmpty() ? "" : "\n").append(rs.getString(1));
            }
            return out.toString();
        }
    }

    static List<String> foreignKeyCheck(Path dataDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("steward.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " row " + rs.getString(2) + " -> " + rs.getString(3));
            }
            return rows;
        }
    }

    // ---------------------------------------------------------------- statistics

    private static final class Stats {
        final LongAdder requests = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder millis = new LongAdder();
        final AtomicLong maxMillis = new AtomicLong();
        final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
    }

    private void record(String phase, FuzzCase c, FuzzClient.Answer answer) {
        Stats s = stats.computeIfAbsent(phase + "\t" + c.endpoint(), k -> new Stats());
        s.requests.increment();
        s.kinds.computeIfAbsent(c.kind(), k -> new LongAdder()).increment();
        if (answer == null) {
            s.answers.computeIfAbsent("no answer", k -> new LongAdder()).increment();
            return;
        }
        s.millis.add(answer.millis());
        s.maxMillis.accumulateAndGet(answer.millis(), Math::max);
        String key = answer.status() == 200 ? "200" : answer.status() + " " + readType(answer);
        if (answer.status() >= 400) {
            s.refused.increment();
        }
        s.answers.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private String summary(long seed, int count, int threads, int total, Duration elapsed, String integrity,
                           List<String> foreignKeys) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("ModelFuzzTest: seed %d, %d requests per operation (%d refused-phase + %d mixed-phase), "
                        + "%d threads, %d requests in %.1f s, %d failures; SQLite integrity_check: %s, foreign_key_check: %s%n%n",
                seed, count, count / 2, count - count / 2, threads, total, elapsed.toMillis() / 1000.0, failureCount.get(),
                integrity.replace('\n', ' '), foreignKeys.isEmpty() ? "no violations" : foreignKeys));
        if (!failureKinds.isEmpty()) {
            out.append("Failures by kind:\n");
            failureKinds.forEach((kind, n) -> out.append("- ").append(kind).append(": ").append(n.sum()).append('\n'));
            out.append('\n');
        }
        out.append("| phase | endpoint | requests | 200 | 4xx | no answer / 5xx | mean ms | max ms | most frequent answers |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        Map<String, Stats> sorted = new TreeMap<>(stats);
        sorted.forEach((key, s) -> {
            String[] parts = key.split("\t");
            long ok = s.answers.getOrDefault("200", new LongAdder()).sum();
            long bad = s.answers.entrySet().stream().filter(e -> e.getKey().equals("no answer") || e.getKey().startsWith("5"))
                    .mapToLong(e -> e.getValue().sum()).sum();
            Map<String, Long> top = new LinkedHashMap<>();
            s.answers.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(4)
                    .forEach(e -> top.put(e.getKey(), e.getValue().sum()));
            long n = s.requests.sum();
            out.append(String.format("| %s | %s | %d | %d | %d | %d | %.1f | %d | %s |%n", parts[0], parts[1], n, ok,
                    s.refused.sum(), bad, n == 0 ? 0.0 : s.millis.sum() / (double) n, s.maxMillis.get(), top));
        });
        return out.toString();
    }

    // ---------------------------------------------------------------- fixtures

    /** Data for an account to hold before the fuzzing: nodes, an alarm, associations with versions, tags and runs. */
    static final class Fixtures {
        static final List<String> ALARMS = List.of("fuzz-alarm", "fuzz-other-alarm");
        private final FuzzClient client;

        Fixtures(FuzzClient client) {
            this.client = client;
        }

        Dictionary populate(String account, int associations, boolean learning) throws Exception {
            Dictionary dict = new Dictionary(learning);
            for (String behavior : List.of("Success", "Failed")) {
                JsonNode node = control(account, "POST", "/_steward/nodes", "{\"Tags\":[{\"Key\":\"env\",\"Value\":\"fuzz\"}],"
                        + "\"Behavior\":{\"Status\":\"" + behavior + "\",\"DurationMillis\":0}}");
                dict.add("InstanceId", node.get("InstanceId").asText());
            }
            control(account, "PUT", "/_steward/alarms/" + ALARMS.get(0), "{\"State\":\"OK\"}");
            control(account, "PUT", "/_steward/alarms/" + ALARMS.get(1), "{\"State\":\"ALARM\"}");
            dict.add("AlarmName", ALARMS.toArray(String[]::new));
            JsonNode activation = ssm(account, "CreateActivation", "{\"IamRole\":\"FuzzRole\",\"RegistrationLimit\":2,"
                    + "\"DefaultInstanceName\":\"fuzz\"}");
            dict.add("ActivationId", activation.get("ActivationId").asText());
            for (int i = 0; i < associations; i++) {
                // All nodes; nodes by tag; one node the legacy way (InstanceId), which UpdateAssociationStatus needs.
                String targets = i == 0 ? "\"Targets\":[{\"Key\":\"InstanceIds\",\"Values\":[\"*\"]}]"
                        : i == 1 ? "\"Targets\":[{\"Key\":\"tag:env\",\"Values\":[\"fuzz\"]}]"
                        : "\"InstanceId\":\"" + dict.values("InstanceId").get(0) + "\"";
                String extras = i == 2 ? "" : "\"AssociationName\":\"fuzz-" + i + "\",\"ScheduleExpression\":\"rate(30 days)\","
                        + "\"Tags\":[{\"Key\":\"fixture\",\"Value\":\"" + i + "\"}],";
                JsonNode created = ssm(account, "CreateAssociation", "{\"Name\":\"AWS-RunShellScript\"," + extras + targets
                        + ",\"Parameters\":{\"commands\":[\"echo " + i + "\"]}}");
                String id = created.get("AssociationDescription").get("AssociationId").asText();
                dict.add("AssociationId", id);
                dict.add("AssociationName", "fuzz-" + i);
                if (i == 1) {
                    ssm(account, "UpdateAssociation", "{\"AssociationId\":\"" + id + "\",\"Parameters\":{\"commands\":[\"echo v2\"]},"
                            + "\"ScheduleExpression\":\"rate(30 days)\",\"MaxConcurrency\":\"1\",\"MaxErrors\":\"0\"}");
                    ssm(account, "AddTagsToResource", "{\"ResourceType\":\"Association\",\"ResourceId\":\"" + id
                            + "\",\"Tags\":[{\"Key\":\"second\",\"Value\":\"tag\"}]}");
                }
            }
            for (int i = 0; i < 2; i++) {
                // A JSON document with two versions, tags and a share; a YAML one.
                String name = "fuzz-doc-" + i;
                String content = i == 0
                        ? "{\"schemaVersion\":\"2.2\",\"mainSteps\":[{\"action\":\"aws:runShellScript\",\"name\":\"s\","
                          + "\"inputs\":{\"runCommand\":[\"echo one\"]}}]}"
                        : "schemaVersion: '2.2'\nmainSteps:\n- action: aws:runPowerShellScript\n  name: s\n  inputs:\n"
                          + "    runCommand: [dir]\n";
                ssm(account, "CreateDocument", JSON.createObjectNode().put("Name", name).put("Content", content)
                        .put("DocumentFormat", i == 0 ? "JSON" : "YAML").put("VersionName", "first").toString());
                dict.add("DocumentName", name);
                dict.add("DocumentARN", name, "arn:aws:ssm:us-east-1:" + account + ":document/" + name);
                if (i == 0) {
                    ssm(account, "UpdateDocument", JSON.createObjectNode().put("Name", name)
                            .put("Content", content.replace("one", "two")).put("DocumentVersion", "$LATEST").toString());
                    ssm(account, "AddTagsToResource", "{\"ResourceType\":\"Document\",\"ResourceId\":\"" + name
                            + "\",\"Tags\":[{\"Key\":\"doc\",\"Value\":\"tag\"}]}");
                    ssm(account, "ModifyDocumentPermission", "{\"Name\":\"" + name + "\",\"PermissionType\":\"Share\","
                            + "\"AccountIdsToAdd\":[\"123456789012\"]}");
                }
            }
            dict.add("DocumentVersionName", "first", "second");
            dict.add("AccountId", "123456789012", "all", "All");
            if (associations > 0) {
                String node = dict.values("InstanceId").get(0);
                ssm(account, "AddTagsToResource", "{\"ResourceType\":\"ManagedInstance\",\"ResourceId\":\"" + node
                        + "\",\"Tags\":[{\"Key\":\"role\",\"Value\":\"fixture\"}]}");
            }
            return dict;
        }

        /** Waits until every run of the account has finished, and learns their ids. */
        void awaitQuiet(String account, Dictionary dict) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                boolean busy = false;
                for (JsonNode a : ssm(account, "ListAssociations", "{}").path("Associations")) {
                    JsonNode runs = ssm(account, "DescribeAssociationExecutions", "{\"AssociationId\":\""
                            + a.path("AssociationId").asText() + "\"}");
                    for (JsonNode run : runs.path("AssociationExecutions")) {
                        String status = run.path("Status").asText();
                        dict.add("AssociationExecutionId", run.path("ExecutionId").asText());
                        dict.add(Dictionary.PAIR, a.path("AssociationId").asText() + " " + run.path("ExecutionId").asText());
                        busy |= status.equals("InProgress") || status.equals("Pending");
                    }
                }
                if (!busy) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("the fixtures' runs of " + account + " did not finish within 30 s");
                }
                Thread.sleep(100);
            }
        }

        JsonNode ssm(String account, String op, String body) throws Exception {
            FuzzClient.Answer answer = client.send(new FuzzClient.Request("POST", "/", "AmazonSSM." + op,
                    body.getBytes(StandardCharsets.UTF_8), SsmCases.CONTENT_TYPE, account, FuzzClient.Auth.PROPER, Map.of()));
            assertEquals(200, answer.status(), op + " " + body + ": " + answer.text());
            return JSON.readTree(answer.body());
        }

        JsonNode control(String account, String method, String path, String body) throws Exception {
            FuzzClient.Answer answer = client.send(new FuzzClient.Request(method, path, null,
                    body.getBytes(StandardCharsets.UTF_8), ControlCases.CONTENT_TYPE, account, FuzzClient.Auth.PROPER, Map.of()));
            assertEquals(200, answer.status(), method + " " + path + " " + body + ": " + answer.text());
            return JSON.readTree(answer.body());
        }
    }
}
