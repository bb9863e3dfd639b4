package steward.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.Clients;
import steward.testing.ControlClient;
import steward.testing.ServerProcess;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/**
 * Schedules are state in the store: they keep firing across restarts, a due time missed
 * while no server ran fires once and late, and server processes sharing one store never
 * fire a due time twice.
 */
class ScheduleAcrossProcessesTest {
    private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");

    private static String create(SsmClient ssm, String schedule) {
        return ssm.createAssociation(r -> r.name("AWS-RunShellScript").scheduleExpression(schedule)
                .targets(Target.builder().key("tag:none").values("none").build())
                .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId();
    }

    private static List<AssociationExecution> runs(SsmClient ssm, String id) {
        return ssm.describeAssociationExecutionsPaginator(r -> r.associationId(id)).associationExecutions().stream().toList();
    }

    /** Moves the server's manual clock; returns how many due times that server fired on the way. */
    private static int setTime(ControlClient control, Instant time) {
        SignedHttp.Response response = control.post("/_steward/clock", "{\"SetTime\": \"" + time + "\"}");
        assertEquals(200, response.status(), response.body());
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("Fired").asInt();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void dueTimesMissedWhileDownFireOnceAndLate() throws Exception {
        Path dataDir = Files.createTempDirectory("steward-missed");
        try {
            String id;
            try (ServerProcess server = ServerProcess.start(dataDir, "--clock", "manual", "--clock-start", START.toString());
                 SsmClient ssm = Clients.ssm(server.endpoint())) {
                id = create(ssm, "rate(30 minutes)");
                server.kill();
            }
            Instant back = START.plusSeconds(3 * 3600 + 600);
            try (ServerProcess server = ServerProcess.start(dataDir, "--clock", "manual", "--clock-start", back.toString());
                 SsmClient ssm = Clients.ssm(server.endpoint())) {
                List<AssociationExecution> runs = runs(ssm, id);
                assertEquals(2, runs.size(), "six missed due times fire once: " + runs);
                AssociationExecution late = runs.get(0);
                assertEquals(List.of(back, START), runs.stream().map(AssociationExecution::createdTime).toList(),
                        "the late run, then the run at create");
                assertTrue(late.detailedStatus().contains("late"), late.detailedStatus());
                assertTrue(late.detailedStatus().contains(START.plusSeconds(1800).toString()), late.detailedStatus());

                setTime(new ControlClient(server.endpoint()), START.plusSeconds(4 * 3600));
                List<AssociationExecution> after = runs(ssm, id);
                assertEquals(List.of(START.plusSeconds(4 * 3600), START.plusSeconds(3 * 3600 + 1800), back, START),
                        after.stream().map(AssociationExecution::createdTime).toList(),
                        "back on the schedule's grid: 03:30 and 04:00 after the late run, and nothing else");
                assertEquals(late.executionId(), after.get(2).executionId(), "the late run is still the one it was");
                assertTrue(!after.get(0).detailedStatus().contains("late"), after.get(0).detailedStatus());
            }
        } finally {
            TestServer.deleteRecursively(dataDir);
        }
    }

    @Test
    void twoServersOnOneStoreNeverFireADueTimeTwice() throws Exception {
        Path dataDir = Files.createTempDirectory("steward-shared");
        int associations = 20;
        int hours = 25;
        int firedByA = 0;
        int firedByB = 0;
        try (ServerProcess a = ServerProcess.start(dataDir, "--clock", "manual", "--clock-start", START.toString());
             SsmClient ssmA = Clients.ssm(a.endpoint())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < associations; i++) {
                ids.add(create(ssmA, "rate(30 minutes)"));
            }
            try (ServerProcess b = ServerProcess.start(dataDir, "--clock", "manual", "--clock-start", START.toString())) {
                ControlClient controlA = new ControlClient(a.endpoint());
                ControlClient controlB = new ControlClient(b.endpoint());
                for (int hour = 1; hour <= hours; hour++) {
                    Instant target = START.plusSeconds(hour * 3600L);
                    CompletableFuture<Integer> moveA = CompletableFuture.supplyAsync(() -> setTime(controlA, target));
                    CompletableFuture<Integer> moveB = CompletableFuture.supplyAsync(() -> setTime(controlB, target));
                    firedByA += moveA.join();
                    firedByB += moveB.join();
                }
            }
            assertEquals(associations * hours * 2, firedByA + firedByB, "A fired " + firedByA + ", B " + firedByB);
            assertTrue(firedByA > 0 && firedByB > 0, "both servers fired some: A " + firedByA + ", B " + firedByB);
            int dueTimes = 0;
            for (String id : ids) {
                List<AssociationExecution> runs = runs(ssmA, id);
                List<Instant> scheduled = runs.stream().map(AssociationExecution::createdTime)
                        .filter(t -> t.isAfter(START)).toList();
                assertEquals(hours * 2, scheduled.size(), "every due time fired, none twice: " + scheduled);
                assertEquals(scheduled.size(), new HashSet<>(scheduled).size());
                dueTimes += scheduled.size();
            }
            assertEquals(associations * hours * 2, dueTimes);
            assertTrue(dueTimes >= 1000);
        } finally {
            TestServer.deleteRecursively(dataDir);
        }
    }
}
