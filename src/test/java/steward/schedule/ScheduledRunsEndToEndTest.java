package steward.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import software.amazon.awssdk.services.ssm.model.CreateAssociationRequest;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ControlClient;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/** Schedules firing on a manual clock that the test moves through the control API. */
class ScheduledRunsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");

    private TestServer server;
    private SsmClient ssm;
    private ControlClient control;

    @BeforeEach
    void start() {
        server = TestServer.withManualClock(START);
        ssm = server.client();
        control = new ControlClient(server.endpoint());
    }

    @AfterEach
    void stop() {
        ssm.close();
        server.close();
    }

    private JsonNode clock(String body) throws Exception {
        SignedHttp.Response response = control.post("/_steward/clock", body);
        assertEquals(200, response.status(), response.body());
        return JSON.readTree(response.body());
    }

    private String node(long durationMillis) throws Exception {
        SignedHttp.Response response = control.post("/_steward/nodes", "{\"Tags\":[{\"Key\":\"role\",\"Value\":\"web\"}],"
                + "\"Behavior\":{\"Status\":\"Success\",\"DurationMillis\":" + durationMillis + "}}");
        assertEquals(200, response.status(), response.body());
        return JSON.readTree(response.body()).get("InstanceId").asText();
    }

    private String create(CreateAssociationRequest.Builder request) {
        return ssm.createAssociation(request.name("AWS-RunShellScript")
                .targets(Target.builder().key("tag:role").values("web").build())
                .parameters(Map.of("commands", List.of("echo"))).build()).associationDescription().associationId();
    }

    private List<AssociationExecution> runs(String id) {
        return ssm.describeAssociationExecutionsPaginator(r -> r.associationId(id)).associationExecutions().stream().toList();
    }

    private List<Instant> createdTimes(String id) {
        return runs(id).stream().map(AssociationExecution::createdTime).sorted().toList();
    }

    @Test
    void rateEveryThirtyMinutesAdvancedTwoHoursRunsFourTimesThirtyMinutesApart() throws Exception {
        node(0);
        String id = create(CreateAssociationRequest.builder().scheduleExpression("rate(30 minutes)"));
        JsonNode moved = clock("{\"AdvanceSeconds\": 7200}");
        assertEquals("2027-01-01T02:00:00Z", moved.get("Time").asText());
        assertEquals(4, moved.get("Fired").asInt());
        assertEquals(List.of(START, START.plusSeconds(1800), START.plusSeconds(3600), START.plusSeconds(5400),
                START.plusSeconds(7200)), createdTimes(id), "the run at create, then one every 30 minutes");
        for (AssociationExecution run : runs(id)) {
            assertEquals("1", run.associationVersion());
        }
    }

    @Test
    void updateRestartsTheScheduleAndRunsTheNewVersion() throws Exception {
        String id = create(CreateAssociationRequest.builder().scheduleExpression("rate(1 hour)"));
        clock("{\"AdvanceSeconds\": 1200}");
        ssm.updateAssociation(r -> r.associationId(id).scheduleExpression("rate(1 hour)")
                .parameters(Map.of("commands", List.of("echo v2"))));
        clock("{\"AdvanceSeconds\": 3600}");
        List<AssociationExecution> runs = runs(id);
        assertEquals(List.of("2", "2", "1"), runs.stream().map(AssociationExecution::associationVersion).toList());
        assertEquals(START.plusSeconds(1200 + 3600), runs.get(0).createdTime(), "an hour after the update, not the create");
    }

    @Test
    void weeklyCronWithScheduleOffsetFiresOnTheOffsetDayOnly() throws Exception {
        // January 2027: the second Thursday is the 14th; three days later is Sunday the 17th.
        String id = create(CreateAssociationRequest.builder().scheduleExpression("cron(0 2 ? * THU#2 *)")
                .applyOnlyAtCronInterval(true).scheduleOffset(3));
        assertEquals(List.of(), runs(id), "ApplyOnlyAtCronInterval: no run at create");
        clock("{\"SetTime\": \"2027-01-31T00:00:00Z\"}");
        assertEquals(List.of(Instant.parse("2027-01-17T02:00:00Z")), createdTimes(id));
        clock("{\"SetTime\": \"2027-02-28T00:00:00Z\"}");
        assertEquals(List.of(Instant.parse("2027-01-17T02:00:00Z"), Instant.parse("2027-02-14T02:00:00Z")), createdTimes(id),
                "Feb 11 is THU#2, +3 days; nothing else fired");
    }

    @Test
    void atExpressionFiresOnce() throws Exception {
        String id = create(CreateAssociationRequest.builder().scheduleExpression("at(2027-01-02T12:00:00)")
                .applyOnlyAtCronInterval(false));
        clock("{\"SetTime\": \"2027-03-01T00:00:00Z\"}");
        assertEquals(List.of(START, Instant.parse("2027-01-02T12:00:00Z")), createdTimes(id));
    }

    @Test
    void durationStopsStartingTargetsOnceItPasses() throws Exception {
        for (int i = 0; i < 3; i++) {
            node(1_500);
        }
        String id = create(CreateAssociationRequest.builder().scheduleExpression("cron(0 4 * * ? *)")
                .applyOnlyAtCronInterval(true).duration(1).maxConcurrency("1"));
        clock("{\"SetTime\": \"2027-01-01T04:00:00Z\"}");
        List<AssociationExecution> fired = runs(id);
        assertEquals(1, fired.size(), "the 04:00 run alone: " + fired);
        AssociationExecution run = fired.get(0);
        clock("{\"SetTime\": \"2027-01-01T05:00:01Z\"}");
        AssociationExecution ended = awaitFinal(id, run.executionId());
        assertEquals("TimedOut", ended.status());
        assertTrue(ended.detailedStatus().contains("Duration"), ended.detailedStatus());
        List<AssociationExecutionTarget> targets = ssm.describeAssociationExecutionTargetsPaginator(r -> r
                .associationId(id).executionId(run.executionId())).associationExecutionTargets().stream().toList();
        assertEquals(3, targets.size());
        assertTrue(targets.stream().anyMatch(t -> t.status().equals("Skipped")), targets.toString());
    }

    @Test
    void clockNeverMovesBackwardsAndRejectsNonsense() throws Exception {
        for (String body : List.of("{\"SetTime\": \"2026-01-01T00:00:00Z\"}", "{\"AdvanceSeconds\": -1}",
                "{\"AdvanceSeconds\": 1.5}", "{}", "{\"SetTime\": \"soon\"}",
                "{\"AdvanceSeconds\": 1, \"SetTime\": \"2028-01-01T00:00:00Z\"}", "{\"AdvanceSeconds\": 9223372036854775807}")) {
            SignedHttp.Response response = control.post("/_steward/clock", body);
            assertEquals(400, response.status(), body + " -> " + response.body());
            assertEquals("ValidationException", response.header("X-Amzn-ErrorType"));
        }
        SignedHttp.Response now = control.get("/_steward/clock");
        assertEquals("2027-01-01T00:00:00Z", JSON.readTree(now.body()).get("Time").asText());
        assertEquals("manual", JSON.readTree(now.body()).get("Mode").asText());
    }

    @Test
    void timestampsComeFromTheManualClock() throws Exception {
        node(0);
        clock("{\"SetTime\": \"2027-06-01T08:00:00Z\"}");
        String id = create(CreateAssociationRequest.builder());
        List<AssociationExecution> created = runs(id);
        assertEquals(1, created.size(), "the run at create alone: " + created);
        AssociationExecution run = awaitFinal(id, created.get(0).executionId());
        assertEquals(Instant.parse("2027-06-01T08:00:00Z"), run.createdTime());
        assertEquals(Instant.parse("2027-06-01T08:00:00Z"), run.lastExecutionDate());
        assertEquals(Instant.parse("2027-06-01T08:00:00Z"),
                ssm.describeAssociation(r -> r.associationId(id)).associationDescription().date());
    }

    private AssociationExecution awaitFinal(String id, String executionId) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            List<AssociationExecution> found = ssm.describeAssociationExecutions(r -> r.associationId(id)
                    .filters(f -> f.key("ExecutionId").value(executionId).type("EQUAL"))).associationExecutions();
            assertEquals(1, found.size(), "the run " + executionId + ": " + found);
            AssociationExecution run = found.get(0);
            if (!run.status().equals("Pending") && !run.status().equals("InProgress")) {
                return run;
            }
            Thread.sleep(Duration.ofMillis(25));
        }
        throw new AssertionError("run did not finish");
    }

    @Test
    void systemClockServerRefusesToMoveTime() {
        try (TestServer system = TestServer.start()) {
            SignedHttp.Response response = new ControlClient(system.endpoint()).post("/_steward/clock", "{\"AdvanceSeconds\": 60}");
            assertEquals(400, response.status());
            assertTrue(response.body().contains("--clock manual"), response.body());
        }
    }
}
