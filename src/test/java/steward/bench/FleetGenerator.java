package steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import steward.agent.TestAgent;

/**
 * The fleet benchmark's load generator, a process of its own: {@code agents} simulated agents
 * that speak the agent protocol through {@link TestAgent} and do no real work. Each registers
 * with a hybrid activation (RegisterManagedInstance), takes credentials
 * (RequestManagedInstanceRoleToken), reports its health, then long-polls GetMessages on its own
 * virtual thread and answers every command at once: AcknowledgeMessage, then one SendReply
 * with Success. A second virtual thread per agent sends UpdateInstanceInformation every
 * {@code heartbeatSeconds}, starting at a random point of the first interval.
 *
 * <p>All agents share a few JDK HTTP clients (one selector thread each) and a few RSA key pairs:
 * a 2048-bit key takes about 50 ms to make here, so 10,000 fresh keys would be minutes of CPU.
 * An agent whose server stops answering (connection refused) moves to the next endpoint, as an
 * agent behind a load balancer would.
 *
 * <p>It is driven over standard input, one command a line, and answers on standard output
 * (every answer one line, so the parent reads it with readLine): the first line is the
 * configuration (JSON: agents, keyPairs, heartbeatSeconds, region, endpoints, activations:
 * [{id, code, count}]); it prints {@code REGISTERED {...}} when every agent is polling. Then
 * {@code reset} (forget the messages seen), {@code stats} (prints {@code STATS {...}}),
 * {@code heartbeat} (every agent sends one health report now, a bounded number at a time; prints {@code HEARTBEAT {...}}),
 * {@code quit}.
 */
public final class FleetGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REGISTERING_AT_ONCE = 16;
    private static final int HEALTH_REPORTS_AT_ONCE = 128;

    private final List<URI> endpoints = new ArrayList<>();
    private final String region;
    private final int heartbeatSeconds;
    private final List<HttpClient> clients = new ArrayList<>();
    private final List<KeyPair> keys = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private volatile boolean running = true;

    // What was seen since the last reset.
    private final Map<String, Set<String>> messagesByAgent = new ConcurrentHashMap<>();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder redeliveries = new LongAdder();
    private final Latencies delivery = new Latencies();
    // Over the whole run.
    private final LongAdder polls = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicInteger failovers = new AtomicInteger();

    private final class Agent {
        final TestAgent protocol;
        final int index;
        volatile boolean polling;

        Agent(int index, URI endpoint) {
            this.index = index;
            this.protocol = new TestAgent(endpoint, region, clients.get(index % clients.size()),
                    keys.get(index % keys.size()));
        }
    }

    private FleetGenerator(JsonNode config) {
        config.get("endpoints").forEach(e -> endpoints.add(URI.create(e.asText())));
        region = config.path("region").asText("us-east-1");
        heartbeatSeconds = config.path("heartbeatSeconds").asInt(300);
        int clientCount = config.path("httpClients").asInt(2);
        for (int i = 0; i < clientCount; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build());
        }
        int keyPairs = config.path("keyPairs").asInt(4);
        for (int i = 0; i < keyPairs; i++) {
            keys.add(TestAgent.newKeys());
        }
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        JsonNode config = JSON.readTree(in.readLine());
        FleetGenerator generator = new FleetGenerator(config);
        long started = System.nanoTime();
        generator.register(config.get("activations"), config.path("offset").asInt(0));
        out.println("REGISTERED " + JSON.createObjectNode().put("agents", generator.agents.size())
                .put("seconds", (System.nanoTime() - started) / 1e9).set("errors", generator.errorCounts()));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case "reset" -> {
                    generator.reset();
                    out.println("OK");
                }
                case "stats" -> out.println("STATS " + generator.stats());
                case "heartbeat" -> out.println("HEARTBEAT " + generator.heartbeatAll());
                case "quit" -> {
                    generator.running = false;
                    out.println("BYE");
                    System.exit(0);
                }
                default -> out.println("ERROR unknown command " + line);
            }
        }
        System.exit(0);
    }

    /** Registers every agent (a few at a time), then starts its poll and heartbeat loops. */
    private void register(JsonNode activations, int offset) throws InterruptedException {
        List<String[]> seats = new ArrayList<>();
        for (JsonNode activation : activations) {
            for (int i = 0; i < activation.get("count").asInt(); i++) {
                seats.add(new String[] {activation.get("id").asText(), activation.get("code").asText()});
            }
        }
        Semaphore permits = new Semaphore(REGISTERING_AT_ONCE);
        CountDownLatch done = new CountDownLatch(seats.size());
        for (int i = 0; i < seats.size(); i++) {
            Agent agent = new Agent(i, endpoints.get((offset + i) % endpoints.size()));
            agents.add(agent);
            String[] seat = seats.get(i);
            permits.acquire();
            Thread.ofVirtual().start(() -> {
                try {
                    retrying(agent, () -> agent.protocol.register(seat[0], seat[1]));
                    retrying(agent, agent.protocol::refreshCredentials);
                    retrying(agent, agent.protocol::reportHealth);
                    agent.polling = true;
                    Thread.ofVirtual().start(() -> pollLoop(agent));
                    Thread.ofVirtual().start(() -> heartbeatLoop(agent));
                } finally {
                    permits.release();
                    done.countDown();
                }
            });
        }
        done.await();
    }

    /** Runs a registration step until it succeeds (a refused connection moves the agent on). */
    private void retrying(Agent agent, Runnable step) {
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                return;
            } catch (RuntimeException e) {
                failed(agent, e);
                if (attempt >= 20) {
                    throw e;
                }
                pause(250L * attempt);
            }
        }
    }

    private void pollLoop(Agent agent) {
        while (running) {
            try {
                JsonNode answer = agent.protocol.mds("GetMessages", JSON.createObjectNode()
                        .put("Destination", agent.protocol.instanceId())
                        .put("MessagesRequestId", UUID.randomUUID().toString()).put("VisibilityTimeoutInSeconds", 60));
                long receivedAt = System.currentTimeMillis();
                polls.increment();
                for (JsonNode message : answer.path("Messages")) {
                    handle(agent, message, receivedAt);
                }
            } catch (RuntimeException e) {
                failed(agent, e);
                pause(200 + ThreadLocalRandom.current().nextInt(300));
            }
        }
    }

    private void handle(Agent agent, JsonNode message, long receivedAt) {
        String messageId = message.get("MessageId").asText();
        deliveries.increment();
        if (!messagesByAgent.computeIfAbsent(agent.protocol.instanceId(), k -> ConcurrentHashMap.newKeySet())
                .add(messageId)) {
            redeliveries.increment();
        }
        delivery.add(receivedAt - Instant.parse(message.get("CreatedDate").asText()).toEpochMilli());
        ObjectNode plugin = JSON.createObjectNode().put("status", "Success").put("code", 0)
                .put("name", "aws:runShellScript").put("output", "").put("standardOutput", "").put("standardError", "")
                .put("startDateTime", Instant.ofEpochMilli(receivedAt).toString())
                .put("endDateTime", Instant.now().toString()).put("outputS3BucketName", "").put("outputS3KeyPrefix", "")
                .put("stepName", "");
        ObjectNode runtime = JSON.createObjectNode();
        runtime.set("aws:runShellScript", plugin);
        agent.protocol.mds("AcknowledgeMessage", JSON.createObjectNode().put("MessageId", messageId));
        agent.protocol.reply(messageId, "Success", runtime, Map.of("Success", 1));
    }

    private void heartbeatLoop(Agent agent) {
        pause(ThreadLocalRandom.current().nextLong(heartbeatSeconds * 1000L));
        while (running) {
            try {
                agent.protocol.reportHealth();
                heartbeats.increment();
            } catch (RuntimeException e) {
                failed(agent, e);
            }
            pause(heartbeatSeconds * 1000L);
        }
    }

    /** Every agent reports its health now, {@value #HEALTH_REPORTS_AT_ONCE} at a time: how many a second the servers take. */
    private ObjectNode heartbeatAll() throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(agents.size());
        long started = System.nanoTime();
        // A bounded number at once: all 5,000 together would open a second connection each
        // (their polls hold the first), past the server's connection limit.
        Semaphore permits = new Semaphore(HEALTH_REPORTS_AT_ONCE);
        for (Agent agent : agents) {
            permits.acquire();
            Thread.ofVirtual().start(() -> {
                long at = System.nanoTime();
                try {
                    agent.protocol.reportHealth();
                    heartbeats.increment();
                    latencies.add((System.nanoTime() - at) / 1_000_000);
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    failed(agent, e);
                } finally {
                    permits.release();
                    done.countDown();
                }
            });
        }
        done.await();
        ObjectNode result = JSON.createObjectNode().put("sent", agents.size()).put("failed", failures.get())
                .put("seconds", (System.nanoTime() - started) / 1e9);
        latencies.into(result, "latency");
        return result;
    }

    private void failed(Agent agent, RuntimeException e) {
        String kind = e instanceof TestAgent.CallFailed call ? call.status + " " + call.code
                : e instanceof UncheckedIOException io ? io.getCause().getClass().getSimpleName() : e.getClass().getSimpleName();
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (e instanceof UncheckedIOException io && io.getCause() instanceof java.net.ConnectException
                && endpoints.size() > 1) {
            // The server is gone: move on to the next one, as behind a load balancer.
            int at = endpoints.indexOf(agent.protocol.target());
            agent.protocol.retarget(endpoints.get((at + 1) % endpoints.size()));
            failovers.incrementAndGet();
        }
    }

    private void reset() {
        messagesByAgent.clear();
        deliveries.reset();
        redeliveries.reset();
        delivery.clear();
    }

    private ObjectNode stats() {
        ObjectNode stats = JSON.createObjectNode();
        int twice = 0;
        int reached = 0;
        for (Set<String> messages : messagesByAgent.values()) {
            reached++;
            if (messages.size() > 1) {
                twice++;
            }
        }
        stats.put("agents", agents.size()).put("polling", agents.stream().filter(a -> a.polling).count())
                .put("agentsReached", reached).put("agentsWithMoreThanOneMessage", twice)
                .put("deliveries", deliveries.sum()).put("redeliveries", redeliveries.sum())
                .put("polls", polls.sum()).put("heartbeats", heartbeats.sum()).put("failovers", failovers.get());
        delivery.into(stats, "delivery");
        stats.set("errors", errorCounts());
        return stats;
    }

    private ObjectNode errorCounts() {
        ObjectNode counts = JSON.createObjectNode();
        errors.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Milliseconds, all kept and all reported (tens of thousands at most), so the parent merges generators exactly. */
    static final class Latencies {
        private final List<Long> values = new ArrayList<>();

        synchronized void add(long millis) {
            values.add(millis);
        }

        synchronized void clear() {
            values.clear();
        }

        synchronized void into(ObjectNode node, String prefix) {
            ArrayNode raw = node.putArray(prefix + "Millis");
            List<Long> sorted = new ArrayList<>(values);
            sorted.sort(null);
            sorted.forEach(raw::add);
            node.put(prefix + "Count", sorted.size());
        }
    }
}
