package steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CreateActivationResponse;
import software.amazon.awssdk.services.ssm.model.DescribeAssociationExecutionTargetsResponse;
import steward.testing.Clients;
import steward.testing.TestServer;

/**
 * Steward under a fleet: N simulated agents (a {@link FleetGenerator} in one or more child JVMs,
 * {@value #DEFAULT_PER_GENERATOR} agents each, since one process may hold 20,000 descriptors
 * here) against servers started by the launcher in their own processes, so memory and CPU are
 * per server. Measures registration, the agents held and the connections open, RSS and CPU per
 * server, a command to every agent (SendCommand until every invocation is recorded), an
 * association run at MaxConcurrency 100% until every target is in its history, the delivery
 * time of each message (queued, per its CreatedDate, to the generator's receipt), and a burst of
 * health reports from every agent. Prints Markdown.
 *
 * <p>{@code bench/run FleetBenchmark [case=sqlite] [agents=10000] [heartbeatSeconds=300] [database=sqlite] [hold|command]}:
 * the case {@code sqlite} is one server on its SQLite store; {@code three} is three servers on
 * one store, the agents spread over them; {@code kill} is three servers and an association run
 * whose server is killed (SIGKILL) a third of the way. The store of three servers is one shared
 * SQLite file, or the PostgreSQL database a {@code postgresql://} URL names ({@code --database}),
 * or with {@code postgresql} a database of the tests' embedded PostgreSQL.
 * {@code hold} registers and holds the agents only: no command, no run; {@code command} runs the
 * command and nothing after it. With {@code FLEET_JFR=DIR} each server records the command phase
 * with JFR (profile settings) into DIR.
 */
public final class FleetBenchmark {
    static final int DEFAULT_PER_GENERATOR = 5_000;
    static final int ACTIVATION_LIMIT = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<FleetServer> servers;
    private final SsmClient ssm;
    private final int agents;
    private final int heartbeatSeconds;
    private final String fleetTag = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<FleetGeneratorProcess> generators = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();
    private int failedChecks;

    private FleetBenchmark(List<FleetServer> servers, int agents, int heartbeatSeconds) {
        this.servers = servers;
        this.ssm = Clients.ssm(servers.get(0).endpoint);
        this.agents = agents;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "sqlite";
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int heartbeatSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        String store = args.length > 3 ? args[3] : "sqlite";
        // "postgresql": a database of its own in the tests' embedded PostgreSQL, stopped when this JVM exits.
        String database = store.equals("sqlite") ? null
                : store.equals("postgresql") ? steward.testing.PostgresFixture.database("fleet") : store;
        boolean holdOnly = args.length > 4 && args[4].equals("hold");
        boolean commandOnly = args.length > 4 && args[4].equals("command");
        Path data = Files.createTempDirectory("steward-bench-fleet");
        List<FleetServer> servers = new ArrayList<>();
        try {
            int count = switch (which) {
                case "sqlite" -> 1;
                case "three", "kill" -> 3;
                default -> throw new IllegalArgumentException("unknown case " + which + "; use sqlite, three or kill");
            };
            for (int i = 1; i <= count; i++) {
                // Without a database URL the servers share one SQLite file, as several servers may.
                List<String> serverArgs = new ArrayList<>(List.of("--data-dir",
                        database == null ? data.toString() : data.resolve("server-" + i).toString()));
                if (database != null) {
                    serverArgs.addAll(List.of("--database", database));
                }
                servers.add(FleetServer.start(String.valueOf(i), Map.of(), serverArgs.toArray(String[]::new)));
            }
            FleetBenchmark bench = new FleetBenchmark(servers, agents, heartbeatSeconds);
            try {
                bench.run(which, database == null ? "SQLite" : "PostgreSQL", holdOnly, commandOnly);
            } finally {
                bench.closeGenerators();
                System.out.print(bench.report);
            }
        } finally {
            for (FleetServer server : servers) {
                server.close();
            }
            TestServer.deleteRecursively(data);
        }
    }

    private void run(String which, String store, boolean holdOnly, boolean commandOnly) throws Exception {
        line("## %s: %d agents, %d server(s) on %s%n", which, agents, servers.size(), store);
        line("| what | result |%n| --- | --- |%n");
        register();
        hold();
        if (holdOnly) {
            line("| (hold only: no command, no run) | |%n");
        } else if (which.equals("kill")) {
            associationWithKill();
        } else if (commandOnly) {
            command("first command");
            command("second command");
            finalFigures();
            return;
        } else {
            command("first command");
            command("second command");
            association();
        }
        heartbeatBurst();
        finalFigures();
    }

    /** Activations of at most 1,000 seats (AWS's RegistrationLimit), spread over generators. */
    private void register() throws Exception {
        List<ObjectNode> seats = new ArrayList<>();
        for (int left = agents; left > 0; left -= ACTIVATION_LIMIT) {
            int count = Math.min(left, ACTIVATION_LIMIT);
            CreateActivationResponse activation = ssm.createActivation(r -> r.iamRole("FleetBench")
                    .registrationLimit(count).tags(t -> t.key("Fleet").value(fleetTag)));
            seats.add(JSON.createObjectNode().put("id", activation.activationId()).put("code", activation.activationCode())
                    .put("count", count));
        }
        int generatorCount = (agents + DEFAULT_PER_GENERATOR - 1) / DEFAULT_PER_GENERATOR;
        int perGenerator = (agents + generatorCount - 1) / generatorCount;
        int offset = 0;
        for (int g = 0; g < generatorCount; g++) {
            int mine = Math.min(perGenerator, agents - offset);
            ArrayNode activations = JSON.createArrayNode();
            // Take `mine` seats from the front of the activations.
            int need = mine;
            while (need > 0) {
                ObjectNode first = seats.get(0);
                int take = Math.min(need, first.get("count").asInt());
                activations.add(first.deepCopy().put("count", take));
                if (take == first.get("count").asInt()) {
                    seats.remove(0);
                } else {
                    first.put("count", first.get("count").asInt() - take);
                }
                need -= take;
            }
            ObjectNode config = JSON.createObjectNode().put("region", TestServer.REGION).put("heartbeatSeconds",
                    heartbeatSeconds).put("offset", offset).put("keyPairs", 4);
            ArrayNode endpoints = config.putArray("endpoints");
            servers.forEach(s -> endpoints.add(s.endpoint.toString()));
            config.set("activations", activations);
            generators.add(FleetGeneratorProcess.start(config));
            offset += mine;
        }
        long started = System.nanoTime();
        int registered = 0;
        ObjectNode errors = JSON.createObjectNode();
        for (FleetGeneratorProcess generator : generators) {
            JsonNode answer = generator.awaitRegistered();
            registered += answer.get("agents").asInt();
            answer.path("errors").properties().forEach(e -> errors.put(e.getKey(),
                    errors.path(e.getKey()).asLong() + e.getValue().asLong()));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        line("| generators | %d processes of up to %d agents, 4 RSA key pairs each |%n", generators.size(), perGenerator);
        line("| registered (activation, role token, health report) | %d agents in %.1f s, %.0f a second; errors %s |%n",
                registered, seconds, registered / seconds, errors.isEmpty() ? "none" : errors);
    }

    /** Waits until (nearly) every agent's poll is held, then measures the servers holding them for 30 s. */
    private void hold() throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        double held = 0;
        while (System.nanoTime() < deadline) {
            held = servers.stream().mapToDouble(s -> s.polls()).sum();
            if (held >= agents * 0.9) {
                break;
            }
            Thread.sleep(500);
        }
        double[] cpuBefore = servers.stream().mapToDouble(FleetServer::cpuSeconds).toArray();
        long started = System.nanoTime();
        Thread.sleep(30_000);
        double seconds = (System.nanoTime() - started) / 1e9;
        for (int i = 0; i < servers.size(); i++) {
            FleetServer server = servers.get(i);
            long[] memory = server.memoryKiB();
            line("| server %s: polls held, agents online, sockets open | %.0f held, %.0f online, %d sockets |%n",
                    server.name, server.polls(), server.metric("steward_agents_online"),
                    server.sockets());
            line("| server %s: RSS holding them (peak so far) | %d MiB (%d MiB) |%n", server.name, memory[0] >> 10,
                    memory[1] >> 10);
            line("| server %s: CPU holding them (30 s, health reports every %d s) | %.1f%% of a core |%n", server.name,
                    heartbeatSeconds, 100 * (server.cpuSeconds() - cpuBefore[i]) / seconds);
        }
        line("| polls held, all servers | %.0f of %d agents |%n", held, agents);
    }

    /**
     * SendCommand to every agent, until ListCommands shows every invocation recorded. Run twice:
     * the first command runs code the server has not run before (JIT compilation took about a
     * sixth of a core through it), the second shows a server that has.
     */
    private void command(String which) throws Exception {
        // Every agent back in its long poll first, as after the hold.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (servers.stream().mapToDouble(FleetServer::polls).sum() < agents * 0.99 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        resetGenerators();
        servers.forEach(s -> s.profile(which.replace(' ', '-'), true));
        double[] cpuBefore = cpu();
        long started = System.nanoTime();
        String commandId = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript")
                .targets(t -> t.key("tag:Fleet").values(fleetTag)).maxConcurrency("100%").maxErrors("100%")
                .parameters(Map.of("commands", List.of("true")))).command().commandId();
        double sendMillis = (System.nanoTime() - started) / 1e6;
        Command[] last = new Command[1];
        boolean done = await(600, () -> {
            last[0] = ssm.listCommands(r -> r.commandId(commandId)).commands().get(0);
            return last[0].completedCount() >= agents && !Set.of("Pending", "InProgress").contains(last[0].statusAsString());
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        servers.forEach(s -> s.profile(which.replace(' ', '-'), false));
        JsonNode stats = mergedStats();
        line("| %s: SendCommand to %d agents, the call | %.0f ms |%n", which, agents, sendMillis);
        line("| %s: SendCommand until the last invocation is recorded | %s%.1f s (%s: %d of %d completed, %d errors; "
                + "%d ListCommands calls failed) |%n", which, done ? "" : "NOT DONE after ", seconds,
                last[0] == null ? "-" : last[0].statusAsString(), last[0] == null ? 0 : last[0].completedCount(),
                last[0] == null ? 0 : last[0].targetCount(), last[0] == null ? 0 : last[0].errorCount(), failedChecks);
        failedChecks = 0;
        deliveryRows(which, stats);
        cpuRows(which, cpuBefore, seconds);
    }

    private void association() throws Exception {
        resetGenerators();
        double[] cpuBefore = cpu();
        long started = System.nanoTime();
        String associationId = ssm.createAssociation(r -> r.name("AWS-RunShellScript")
                .targets(t -> t.key("tag:Fleet").values(fleetTag)).maxConcurrency("100%").maxErrors("100%")
                .parameters(Map.of("commands", List.of("true")))).associationDescription().associationId();
        AssociationExecution[] last = new AssociationExecution[1];
        boolean done = await(600, () -> {
            List<AssociationExecution> executions = ssm.describeAssociationExecutions(r -> r.associationId(associationId))
                    .associationExecutions();
            if (executions.isEmpty()) {
                return false;
            }
            last[0] = executions.get(0);
            return !Set.of("Pending", "InProgress").contains(last[0].status());
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        long paging = System.nanoTime();
        Map<String, Integer> byStatus = new java.util.TreeMap<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            DescribeAssociationExecutionTargetsResponse page = ssm.describeAssociationExecutionTargets(r -> r
                    .associationId(associationId).executionId(last[0].executionId()).maxResults(50).nextToken(next));
            for (AssociationExecutionTarget target : page.associationExecutionTargets()) {
                byStatus.merge(target.status(), 1, Integer::sum);
            }
            token = page.nextToken();
            pages++;
        } while (token != null);
        double pagingSeconds = (System.nanoTime() - paging) / 1e9;
        JsonNode stats = mergedStats();
        line("| association run to %d targets at MaxConcurrency 100%%: until the run ends | %s%.1f s (%s, %s; %d "
                + "DescribeAssociationExecutions calls failed) |%n", agents, done ? "" : "NOT DONE after ", seconds,
                last[0] == null ? "no run" : last[0].status(), last[0] == null ? "" : last[0].resourceCountByStatus(),
                failedChecks);
        failedChecks = 0;
        line("| DescribeAssociationExecutionTargets, every page | %s in %d pages, %.1f s |%n", byStatus, pages, pagingSeconds);
        deliveryRows("association", stats);
        cpuRows("association", cpuBefore, seconds);
    }

    /**
     * An association run to every agent, created through server 1 (which runs it); server 1 is
     * killed with SIGKILL once a third of the targets succeeded, and the run is watched through
     * server 2 until another server has taken it over and ended it. Every target must end
     * Success, and no agent may be given a second message.
     */
    private void associationWithKill() throws Exception {
        resetGenerators();
        FleetServer victim = servers.get(0);
        try (SsmClient observer = Clients.ssm(servers.get(1).endpoint)) {
            long started = System.nanoTime();
            String associationId = ssm.createAssociation(r -> r.name("AWS-RunShellScript")
                    .targets(t -> t.key("tag:Fleet").values(fleetTag)).maxConcurrency("100%").maxErrors("100%")
                    .parameters(Map.of("commands", List.of("true")))).associationDescription().associationId();
            AssociationExecution[] last = new AssociationExecution[1];
            await(600, () -> {
                List<AssociationExecution> executions = observer.describeAssociationExecutions(r -> r
                        .associationId(associationId)).associationExecutions();
                last[0] = executions.isEmpty() ? null : executions.get(0);
                return last[0] != null && last[0].resourceCountByStatus() != null
                        && successes(last[0].resourceCountByStatus()) >= agents / 3;
            });
            double killedAt = (System.nanoTime() - started) / 1e9;
            String before = last[0] == null ? "no run" : last[0].resourceCountByStatus();
            victim.kill();
            boolean done = await(600, () -> {
                List<AssociationExecution> executions = observer.describeAssociationExecutions(r -> r
                        .associationId(associationId)).associationExecutions();
                last[0] = executions.isEmpty() ? null : executions.get(0);
                return last[0] != null && !Set.of("Pending", "InProgress").contains(last[0].status());
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Integer> byStatus = new java.util.TreeMap<>();
            String token = null;
            do {
                String next = token;
                DescribeAssociationExecutionTargetsResponse page = observer.describeAssociationExecutionTargets(r -> r
                        .associationId(associationId).executionId(last[0].executionId()).maxResults(50).nextToken(next));
                for (AssociationExecutionTarget target : page.associationExecutionTargets()) {
                    byStatus.merge(target.status(), 1, Integer::sum);
                }
                token = page.nextToken();
            } while (token != null);
            JsonNode stats = mergedStats();
            line("| kill: server 1 (running the run) killed with SIGKILL | at %.1f s, with %s |%n", killedAt, before);
            line("| kill: association run to %d targets, until it ends (through server 2) | %s%.1f s (%s, %s; %d "
                    + "calls failed) |%n", agents, done ? "" : "NOT DONE after ", seconds,
                    last[0] == null ? "no run" : last[0].status(), last[0] == null ? "" : last[0].detailedStatus(),
                    failedChecks);
            failedChecks = 0;
            line("| kill: DescribeAssociationExecutionTargets, every page | %s |%n", byStatus);
            deliveryRows("kill", stats);
        }
    }

    private static int successes(String counts) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Success=(\\d+)").matcher(counts);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private void heartbeatBurst() throws Exception {
        generators.forEach(FleetGeneratorProcess::requestHeartbeat);
        int sent = 0;
        int failed = 0;
        double seconds = 0;
        List<Long> latencies = new ArrayList<>();
        for (FleetGeneratorProcess generator : generators) {
            JsonNode answer = generator.awaitHeartbeat();
            sent += answer.get("sent").asInt();
            failed += answer.get("failed").asInt();
            seconds = Math.max(seconds, answer.get("seconds").asDouble());
            answer.get("latencyMillis").forEach(v -> latencies.add(v.asLong()));
        }
        latencies.sort(null);
        line("| health reports, every agent once, 128 at a time per generator | %d in %.1f s: %.0f a second, %d failed; p50 %d ms, p99 %d ms |%n",
                sent, seconds, sent / seconds, failed, percentile(latencies, 50), percentile(latencies, 99));
    }

    private void finalFigures() throws Exception {
        JsonNode stats = mergedStats();
        line("| over the whole run: polls answered, health reports, failovers | %d polls, %d health reports, %d failovers; "
                + "errors %s |%n", stats.get("polls").asLong(), stats.get("heartbeats").asLong(),
                stats.get("failovers").asLong(), stats.get("errors").isEmpty() ? "none" : stats.get("errors"));
        for (FleetServer server : servers) {
            if (!server.alive()) {
                line("| server %s: RSS at the end (peak) | killed |%n", server.name);
                continue;
            }
            long[] memory = server.memoryKiB();
            line("| server %s: RSS at the end (peak) | %d MiB (%d MiB) |%n", server.name, memory[0] >> 10, memory[1] >> 10);
        }
    }

    private void deliveryRows(String what, JsonNode stats) {
        List<Long> latencies = new ArrayList<>();
        stats.get("deliveryMillis").forEach(v -> latencies.add(v.asLong()));
        latencies.sort(null);
        line("| %s: agents reached, agents given more than one message, redeliveries | %d of %d, %d, %d |%n", what,
                stats.get("agentsReached").asInt(), agents, stats.get("agentsWithMoreThanOneMessage").asInt(),
                stats.get("redeliveries").asInt());
        line("| %s: queued (CreatedDate) to the agent's receipt | p50 %d ms, p99 %d ms, max %d ms |%n", what,
                percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100));
    }

    private void cpuRows(String what, double[] before, double seconds) {
        for (int i = 0; i < servers.size(); i++) {
            FleetServer server = servers.get(i);
            line("| server %s: CPU during the %s | %.1f s of CPU in %.1f s (%.0f%% of a core) |%n", server.name, what,
                    server.cpuSeconds() - before[i], seconds, 100 * (server.cpuSeconds() - before[i]) / seconds);
        }
    }

    private double[] cpu() {
        return servers.stream().mapToDouble(FleetServer::cpuSeconds).toArray();
    }

    private void resetGenerators() throws Exception {
        for (FleetGeneratorProcess generator : generators) {
            generator.reset();
        }
    }

    /** The generators' figures added up, their latencies concatenated. */
    private JsonNode mergedStats() throws Exception {
        ObjectNode merged = JSON.createObjectNode();
        ArrayNode latencies = merged.putArray("deliveryMillis");
        ObjectNode errors = merged.putObject("errors");
        for (FleetGeneratorProcess generator : generators) {
            JsonNode stats = generator.stats();
            for (String sum : List.of("agents", "polling", "agentsReached", "agentsWithMoreThanOneMessage", "deliveries",
                    "redeliveries", "polls", "heartbeats", "failovers")) {
                merged.put(sum, merged.path(sum).asLong() + stats.get(sum).asLong());
            }
            latencies.addAll((ArrayNode) stats.get("deliveryMillis"));
            stats.get("errors").properties().forEach(e -> errors.put(e.getKey(),
                    errors.path(e.getKey()).asLong() + e.getValue().asLong()));
        }
        return merged;
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Polls {@code condition} every 100 ms; a call that fails (a time-out under load) is counted and tried again. */
    private boolean await(int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                failedChecks++;
                System.err.println("a progress check failed: " + e.getMessage());
            }
            Thread.sleep(100);
        }
        return false;
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.append(text);
        System.err.print(text);
    }

    private void closeGenerators() {
        for (FleetGeneratorProcess generator : generators) {
            try {
                generator.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
