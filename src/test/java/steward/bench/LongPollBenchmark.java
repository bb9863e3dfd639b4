package steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CreateActivationResponse;
import steward.agent.TestAgent;
import steward.server.ServerConfig;
import steward.server.Steward;
import steward.testing.TestServer;

/**
 * Thousands of agents' long polls held open on one server: registers {@code agents} test agents,
 * opens {@code polls} GetMessages at once spread over them (each its own connection), checks
 * that none is answered or refused while held, then queues one command for every agent and
 * measures how soon a held poll of each answers. Prints Markdown rows. Needs a file-descriptor
 * limit above twice {@code polls} (client and server share the process):
 * {@code bench/run LongPollBenchmark [polls=9000] [agents=50]} (9,000 because this machine's hard limit
 * is 20,000 descriptors for the one process that holds both ends).
 */
public final class LongPollBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int polls = args.length > 0 ? Integer.parseInt(args[0]) : 9_000;
        int agentCount = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path data = Files.createTempDirectory("steward-bench-polls");
        Steward server = Steward.start(new ServerConfig("127.0.0.1", 0, data, ServerConfig.DEFAULT_ASSOCIATION_LIMIT)
                .withLongPoll(Duration.ofSeconds(120)));
        URI endpoint = URI.create("http://127.0.0.1:" + server.address().getPort());
        try (SsmClient ssm = steward.testing.Clients.ssm(endpoint)) {
            CreateActivationResponse activation = ssm.createActivation(r -> r.iamRole("Bench").registrationLimit(agentCount));
            List<TestAgent> agents = new ArrayList<>();
            long registering = System.nanoTime();
            for (int i = 0; i < agentCount; i++) {
                TestAgent agent = new TestAgent(endpoint, TestServer.REGION);
                agent.register(activation.activationId(), activation.activationCode());
                agent.refreshCredentials();
                agent.reportHealth();
                agents.add(agent);
            }
            System.out.printf("registered %d agents in %.1f s%n", agentCount, (System.nanoTime() - registering) / 1e9);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            AtomicInteger answeredEarly = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            ConcurrentLinkedQueue<Long> answeredAt = new ConcurrentLinkedQueue<>();
            Map<String, AtomicInteger> messagesPerAgent = new java.util.concurrent.ConcurrentHashMap<>();
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean();
            System.gc();
            long heapBefore = usedHeap();
            long opening = System.nanoTime();
            for (int i = 0; i < polls; i++) {
                TestAgent agent = agents.get(i % agentCount);
                byte[] body = JSON.createObjectNode().put("Destination", agent.instanceId())
                        .put("MessagesRequestId", UUID.randomUUID().toString()).put("VisibilityTimeoutInSeconds", 600)
                        .toString().getBytes(StandardCharsets.UTF_8);
                inFlight.add(http.sendAsync(agent.signedRequest("EC2WindowsMessageDeliveryService.GetMessages",
                        "ec2messages", body, Duration.ofSeconds(300)), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> {
                            if (error != null || response.statusCode() != 200) {
                                failed.incrementAndGet();
                                return;
                            }
                            if (!queued.get()) {
                                answeredEarly.incrementAndGet();
                            }
                            try {
                                JsonNode answer = JSON.readTree(response.body());
                                if (answer.path("Messages").size() > 0) {
                                    answeredAt.add(System.nanoTime());
                                    messagesPerAgent.computeIfAbsent(agent.instanceId(), k -> new AtomicInteger())
                                            .addAndGet(answer.path("Messages").size());
                                }
                            } catch (java.io.IOException e) {
                                failed.incrementAndGet();
                            }
                        }));
            }
            double openSeconds = (System.nanoTime() - opening) / 1e9;
            Thread.sleep(10_000);
            System.gc();
            long heapHeld = usedHeap();
            System.out.printf("| polls sent | %d in %.1f s |%n| answered or refused while held (10 s) | %d answered, %d failed |%n",
                    polls, openSeconds, answeredEarly.get(), failed.get());
            System.out.printf("| heap (whole process, client included) | %d MB before, %d MB with the polls held |%n",
                    heapBefore >> 20, heapHeld >> 20);

            queued.set(true);
            long queuing = System.nanoTime();
            ssm.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("InstanceIds").values("*"))
                    .parameters(Map.of("commands", List.of("true"))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (messagesPerAgent.size() < agentCount && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<Double> latencies = new ArrayList<>();
            for (long at : answeredAt) {
                latencies.add((at - queuing) / 1e6);
            }
            Collections.sort(latencies);
            System.out.printf("| commands delivered to held polls | %d of %d agents |%n", messagesPerAgent.size(), agentCount);
            if (!latencies.isEmpty()) {
                System.out.printf("| from CreateAssociation to the poll's answer | p50 %.0f ms, max %.0f ms |%n",
                        latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
            }
            long closing = System.nanoTime();
            server.close();
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                    .get(60, TimeUnit.SECONDS);
            System.out.printf("| shutdown with the polls held | all %d answered in %.1f s, %d failed |%n", polls,
                    (System.nanoTime() - closing) / 1e9, failed.get());
            agents.forEach(TestAgent::close);
        } finally {
            TestServer.deleteRecursively(data);
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
