package steward.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import software.amazon.awssdk.services.ssm.model.CreateAssociationRequest;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.Clients;
import steward.testing.ControlClient;
import steward.testing.ServerProcess;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/**
 * SIGTERM to a real server process with a run in flight: it stops accepting, answers the
 * requests it has, lets runs go on for --shutdown-grace, exits 0, and a run still going after
 * the grace is finished by the next start exactly as after a crash.
 */
class GracefulShutdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path dataDir;

    @BeforeEach
    void makeDataDir() throws Exception {
        dataDir = Files.createTempDirectory("steward-sigterm");
    }

    @AfterEach
    void removeDataDir() {
        TestServer.deleteRecursively(dataDir);
    }

    @Test
    void aRunThatEndsWithinTheGraceFinishesNormally() throws Exception {
        String associationId;
        String executionId;
        try (ServerProcess server = ServerProcess.start(dataDir, "--shutdown-grace", "30s");
             SsmClient ssm = Clients.ssm(server.endpoint())) {
            nodes(server, 3, 3_000);
            associationId = ssm.createAssociation(association().build()).associationDescription().associationId();
            executionId = awaitTargetsInProgress(ssm, associationId, 3);
            long started = System.nanoTime();
            assertEquals(0, server.terminate(Duration.ofSeconds(30)), String.join("\n", server.output()));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis < 25_000, "stopped once the run ended, not at the end of the grace: " + tookMillis);
            assertTrue(server.output().stream().anyMatch(l -> l.contains("stopping: every request was answered; "
                    + "no run is in flight")), String.join("\n", server.output()));
        }
        try (ServerProcess server = ServerProcess.start(dataDir); SsmClient ssm = Clients.ssm(server.endpoint())) {
            AssociationExecution run = only(ssm, associationId);
            assertEquals(executionId, run.executionId());
            assertEquals("Success", run.status(), run.toString());
            assertEquals("{Success=3}", run.resourceCountByStatus());
            assertTrue(server.output().stream().noneMatch(l -> l.contains("interrupted by a restart")),
                    String.join("\n", server.output()));
        }
    }

    @Test
    void aRunLongerThanTheGraceIsLeftForTheNextStartToFinish() throws Exception {
        String associationId;
        String executionId;
        try (ServerProcess server = ServerProcess.start(dataDir, "--shutdown-grace", "3s");
             SsmClient ssm = Clients.ssm(server.endpoint());
             RawHttp open = new RawHttp(new InetSocketAddress("127.0.0.1", server.endpoint().getPort()))) {
            nodes(server, 2, 600_000);
            associationId = ssm.createAssociation(association().build()).associationDescription().associationId();
            executionId = awaitTargetsInProgress(ssm, associationId, 2);
            assertEquals(200, open.send(HEALTH).read().status(), "a kept-alive connection, open before the stop");
            long started = System.nanoTime();
            server.signalTerm();
            awaitRefused(server);
            assertTrue(server.isAlive(), "new connections are refused while the runs' grace goes on");
            RawHttp.Response late = open.send(HEALTH).read();
            assertEquals(503, late.status(), late.body());
            assertTrue(late.body().contains("ServiceUnavailable"), late.body());
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)), String.join("\n", server.output()));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis >= 3_000 && tookMillis < 20_000, "waited the grace, then stopped: " + tookMillis);
            assertTrue(server.output().stream().anyMatch(l -> l.contains("1 runs in flight are left for another "
                    + "server or the next start")), String.join("\n", server.output()));
        }
        // The next start takes the run over: the simulated nodes' runs went with the stopped server.
        try (ServerProcess server = ServerProcess.start(dataDir); SsmClient ssm = Clients.ssm(server.endpoint())) {
            AssociationExecution run = awaitEnded(ssm, associationId);
            assertEquals(executionId, run.executionId());
            assertEquals("Failed", run.status());
            assertEquals("{TimedOut=2}", run.resourceCountByStatus());
            List<AssociationExecutionTarget> targets = ssm.describeAssociationExecutionTargets(r -> r
                    .associationId(associationId).executionId(executionId)).associationExecutionTargets();
            assertEquals(2, targets.size());
            for (AssociationExecutionTarget target : targets) {
                assertEquals("TimedOut", target.status());
                assertTrue(target.detailedStatus().contains("server running this target stopped"),
                        target.detailedStatus());
            }
        }
    }

    @Test
    void aRequestInFlightIsAnsweredBeforeTheServerStops() throws Exception {
        Instant start = Instant.parse("2027-05-01T00:00:00Z");
        try (ServerProcess server = ServerProcess.start(dataDir, "--clock", "manual", "--clock-start", start.toString());
             SsmClient ssm = Clients.ssm(server.endpoint())) {
            nodes(server, 1, 1_500);
            String associationId = ssm.createAssociation(association().scheduleExpression("rate(30 minutes)").build())
                    .associationDescription().associationId();
            awaitRuns(ssm, associationId, 1, true);
            // Moving the clock past a due time fires a run and holds the request until the run ends (1.5 s).
            ControlClient control = new ControlClient(server.endpoint());
            CompletableFuture<SignedHttp.Response> move = CompletableFuture.supplyAsync(() ->
                    control.post("/_steward/clock", "{\"AdvanceSeconds\":1800}"));
            awaitRuns(ssm, associationId, 2, false);
            assertTrue(!move.isDone(), "the clock request is still in flight");
            assertEquals(0, server.terminate(Duration.ofSeconds(30)), String.join("\n", server.output()));
            SignedHttp.Response moved = move.get(10, TimeUnit.SECONDS);
            assertEquals(200, moved.status(), moved.body());
            assertEquals(1, JSON.readTree(moved.body()).get("Fired").asInt(), moved.body());
        }
    }

    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: steward\r\n\r\n";

    /** Waits until a new connection is refused. */
    private static void awaitRefused(ServerProcess server) throws InterruptedException {
        for (int attempt = 0; attempt < 500; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", server.endpoint().getPort()), 1_000);
            } catch (IOException refused) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the server still accepts connections after SIGTERM");
    }

    private static void nodes(ServerProcess server, int count, long durationMillis) {
        ControlClient control = new ControlClient(server.endpoint());
        for (int i = 0; i < count; i++) {
            SignedHttp.Response node = control.post("/_steward/nodes", "{\"Tags\":[{\"Key\":\"stop\",\"Value\":\"me\"}],"
                    + "\"Behavior\":{\"Status\":\"Success\",\"DurationMillis\":" + durationMillis + "}}");
            assertEquals(200, node.status(), node.body());
        }
    }

    private static CreateAssociationRequest.Builder association() {
        return CreateAssociationRequest.builder().name("AWS-RunShellScript")
                .targets(Target.builder().key("tag:stop").values("me").build())
                .parameters(Map.of("commands", List.of("sleep 1")));
    }

    private static AssociationExecution only(SsmClient ssm, String associationId) {
        List<AssociationExecution> runs = ssm.describeAssociationExecutions(r -> r.associationId(associationId))
                .associationExecutions();
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    /** Waits until the only run has {@code count} targets InProgress; returns its id. */
    private static String awaitTargetsInProgress(SsmClient ssm, String associationId, int count) throws Exception {
        for (int attempt = 0; attempt < 600; attempt++) {
            List<AssociationExecution> runs = ssm.describeAssociationExecutions(r -> r.associationId(associationId))
                    .associationExecutions();
            if (runs.size() == 1) {
                String id = runs.get(0).executionId();
                long running = ssm.describeAssociationExecutionTargets(r -> r.associationId(associationId).executionId(id)
                        .filters(f -> f.key("Status").value("InProgress"))).associationExecutionTargets().size();
                if (running == count) {
                    return id;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the run never had " + count + " targets in progress");
    }

    /** Waits until the association has {@code count} runs, all settled or (when not) the newest in progress. */
    private static AssociationExecution awaitEnded(SsmClient ssm, String associationId) throws Exception {
        for (int attempt = 0; attempt < 600; attempt++) {
            AssociationExecution run = only(ssm, associationId);
            if (!run.status().equals("InProgress") && !run.status().equals("Pending")) {
                return run;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the run never ended");
    }

    private static void awaitRuns(SsmClient ssm, String associationId, int count, boolean settled) throws Exception {
        for (int attempt = 0; attempt < 600; attempt++) {
            List<AssociationExecution> runs = ssm.describeAssociationExecutions(r -> r.associationId(associationId))
                    .associationExecutions();
            if (runs.size() == count && (settled ? runs.stream().allMatch(r -> r.status().equals("Success"))
                    : runs.get(0).status().equals("InProgress"))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the association never had " + count + " runs " + (settled ? "settled" : "in progress"));
    }
}
