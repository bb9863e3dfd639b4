package steward.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Alarm;
import software.amazon.awssdk.services.ssm.model.AlarmConfiguration;
import software.amazon.awssdk.services.ssm.model.AssociationDescription;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import software.amazon.awssdk.services.ssm.model.AssociationFilterKey;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.ListAssociationsResponse;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.Clients;
import steward.testing.ControlClient;
import steward.testing.ServerGroup;
import steward.testing.ServerProcess;
import steward.testing.SignedHttp;

/**
 * Three Steward servers on one store, as behind a load balancer: whatever one creates the
 * others serve, a NextToken from one opens on another, a schedule fires each due time once
 * whichever servers' clocks reach it, and a server killed with SIGKILL mid-run loses nothing:
 * another takes its run and its command over within seconds and finishes them, sending what
 * was never sent and never re-sending what was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralServersEndToEndTest {
    private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
    private static ServerGroup group;
    private static List<SsmClient> ssm;

    /** One group for the class; the test that kills server 0 runs last. */
    @BeforeAll
    static void start() {
        group = ServerGroup.onPostgres(3, "--clock", "manual", "--clock-start", START.toString());
        ssm = group.all().stream().map(s -> Clients.ssm(s.endpoint())).toList();
    }

    @AfterAll
    static void stop() {
        if (ssm != null) {
            ssm.forEach(SsmClient::close);
        }
        if (group != null) {
            group.close();
        }
    }

    private static ControlClient control(int server) {
        return new ControlClient(group.get(server).endpoint());
    }

    @Test
    void whatOneServerCreatesEveryServerServesAndPagesAcrossAllThree() {
        String name = "shared-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            created.add(ssm.get(i % 3).createAssociation(r -> r.name("AWS-RunShellScript").associationName(name)
                    .targets(Target.builder().key("tag:none").values("none").build())
                    .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId());
        }
        String one = created.iterator().next();
        for (SsmClient client : ssm) {
            assertEquals(name, client.describeAssociation(r -> r.associationId(one)).associationDescription()
                    .associationName());
        }
        // Page 1 from server 0, page 2 from server 1 with server 0's NextToken, page 3 from server 2.
        Set<String> listed = new HashSet<>();
        String token = null;
        for (int page = 0; page < 3; page++) {
            String next = token;
            ListAssociationsResponse response = ssm.get(page).listAssociations(r -> r.maxResults(10).nextToken(next)
                    .associationFilterList(f -> f.key(AssociationFilterKey.ASSOCIATION_NAME).value(name)));
            response.associations().forEach(a -> listed.add(a.associationId()));
            token = response.nextToken();
        }
        assertEquals(null, token, "three pages hold all 25");
        assertEquals(created, listed);
    }

    @Test
    void simulatedNodesAndAlarmStatesOfTheControlApiAreShared() {
        Fleet onFirst = new Fleet(control(0), ssm.get(0));
        List<String> nodes = onFirst.nodes(3, "Success", 0);
        String alarm = "shared-alarm-" + onFirst.group;
        new Fleet(control(1), ssm.get(1)).alarm(alarm, "ALARM");
        // Created on the third server: its run sees the nodes of the first and the alarm set on the second.
        Fleet onThird = new Fleet(control(2), ssm.get(2));
        String id = ssm.get(2).createAssociation(onFirst.association().alarmConfiguration(AlarmConfiguration.builder()
                .alarms(Alarm.builder().name(alarm).build()).build()).build()).associationDescription().associationId();
        AssociationExecution run = onThird.awaitOnlyRun(id);
        assertEquals("Failed", run.status(), run.toString());
        assertEquals("{Skipped=3}", run.resourceCountByStatus());
        assertEquals(alarm, run.triggeredAlarms().get(0).name());
        // Changed on the second server, the node's behavior applies to a run the first server starts.
        for (String node : nodes) {
            new Fleet(control(1), ssm.get(1)).behave(node, "Failed", 0);
        }
        new Fleet(control(2), ssm.get(2)).alarm(alarm, "OK");
        ssm.get(0).startAssociationsOnce(r -> r.associationIds(id));
        AssociationExecution second = onFirst.awaitRuns(id, 2).get(0);
        assertEquals("{Failed=3}", second.resourceCountByStatus(), second.toString());
    }

    @Test
    void deletingAnAssociationThroughOneServerStopsItsRunOnAnother() throws Exception {
        Fleet fleet = new Fleet(control(0), ssm.get(0));
        fleet.nodes(3, "Success", 60_000);
        String id = fleet.create(fleet.association().maxConcurrency("1"));
        String executionId = awaitInProgress(ssm.get(0), id, 1);
        List<String> outputs = targets(ssm.get(0), id, executionId).stream()
                .map(t -> t.outputSource().outputSourceId() + " " + t.resourceId()).toList();
        ssm.get(1).deleteAssociation(r -> r.associationId(id));
        // Each target's invocation ends Cancelled: the running one is stopped, the others are never sent.
        for (String output : outputs) {
            String[] parts = output.split(" ");
            for (int attempt = 0; ; attempt++) {
                String status = ssm.get(2).getCommandInvocation(r -> r.commandId(parts[0]).instanceId(parts[1]))
                        .statusAsString();
                if (status.equals("Cancelled")) {
                    break;
                }
                assertTrue(attempt < 400 && !status.equals("Success"), output + " is " + status);
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aNewerRunStartedThroughOneServerTimesOutTheRunInFlightOnAnother() throws Exception {
        Fleet fleet = new Fleet(control(0), ssm.get(0));
        fleet.nodes(3, "Success", 60_000);
        String id = fleet.create(fleet.association().maxConcurrency("1"));
        String first = awaitInProgress(ssm.get(0), id, 1);
        ssm.get(1).startAssociationsOnce(r -> r.associationIds(id));
        for (int attempt = 0; ; attempt++) {
            AssociationExecution run = ssm.get(2).describeAssociationExecutions(r -> r.associationId(id)
                    .filters(f -> f.key("ExecutionId").value(first).type("EQUAL"))).associationExecutions().get(0);
            if (run.status().equals("TimedOut")) {
                assertTrue(run.detailedStatus().contains("newer run"), run.detailedStatus());
                assertEquals("{Skipped=2, TimedOut=1}", run.resourceCountByStatus());
                break;
            }
            assertTrue(attempt < 400, run.toString());
            Thread.sleep(50);
        }
        ssm.get(0).deleteAssociation(r -> r.associationId(id));
    }

    /** Moves one server's manual clock; returns how many due times that server fired on the way. */
    private static int setTime(int server, Instant time) {
        SignedHttp.Response response = control(server).post("/_steward/clock", "{\"SetTime\": \"" + time + "\"}");
        assertEquals(200, response.status(), response.body());
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("Fired").asInt();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aScheduleFiresEachDueTimeOnceWhicheverServersReachIt() {
        int associations = 10;
        int hours = 12;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < associations; i++) {
            ids.add(ssm.get(i % 3).createAssociation(r -> r.name("AWS-RunShellScript").scheduleExpression("rate(30 minutes)")
                    .targets(Target.builder().key("tag:none").values("none").build())
                    .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId());
        }
        int[] fired = new int[3];
        for (int hour = 1; hour <= hours; hour++) {
            Instant time = START.plusSeconds(hour * 3600L);
            List<CompletableFuture<Integer>> moves = new ArrayList<>();
            for (int server = 0; server < 3; server++) {
                int s = server;
                moves.add(CompletableFuture.supplyAsync(() -> setTime(s, time)));
            }
            for (int server = 0; server < 3; server++) {
                fired[server] += moves.get(server).join();
            }
        }
        int total = fired[0] + fired[1] + fired[2];
        assertEquals(associations * hours * 2, total, "fired by each server: " + java.util.Arrays.toString(fired));
        for (String id : ids) {
            List<Instant> scheduled = ssm.get(1).describeAssociationExecutionsPaginator(r -> r.associationId(id))
                    .associationExecutions().stream().map(AssociationExecution::createdTime)
                    .filter(t -> t.isAfter(START)).toList();
            assertEquals(hours * 2, scheduled.size(), "every due time fired, none twice: " + scheduled);
            assertEquals(scheduled.size(), new HashSet<>(scheduled).size());
        }
    }

    /**
     * SIGKILL the server that runs an association on 12 slow simulated nodes (3 at a time) and a
     * command on 6 (2 at a time). Another server takes both over: what the killed server had
     * sent ends TimedOut saying its server stopped (a simulated node's run lived in that
     * server), never sent again; what it had not sent is sent and succeeds.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aRunAndACommandOfAKilledServerAreFinishedByAnother() throws Exception {
        ServerGroup killing = group;
        List<SsmClient> clients = ssm;
        ServerProcess doomed = killing.get(0);
        Fleet fleet = new Fleet(new ControlClient(doomed.endpoint()), clients.get(0));
        List<String> nodes = fleet.nodes(12, "Success", 60_000);
        Fleet commandFleet = new Fleet(new ControlClient(doomed.endpoint()), clients.get(0));
        List<String> commandNodes = commandFleet.nodes(6, "Success", 60_000);
        String id = fleet.create(fleet.association().maxConcurrency("3"));
        String commandId = clients.get(0).sendCommand(r -> r.documentName("AWS-RunShellScript")
                .maxConcurrency("2").targets(commandFleet.target())
                .parameters(Map.of("commands", List.of("echo")))).command().commandId();
        String executionId = awaitInProgress(clients.get(1), id, 3);
        Set<String> sentBeforeKill = targets(clients.get(1), id, executionId).stream()
                .filter(t -> t.status().equals("InProgress")).map(AssociationExecutionTarget::resourceId)
                .collect(Collectors.toSet());
        Set<String> commandSentBeforeKill = awaitCommandInProgress(clients.get(1), commandId, 2);
        // What the killed server never sent runs quickly when the server that takes over sends it.
        for (String node : nodes) {
            fleet.behave(node, "Success", 0);
        }
        for (String node : commandNodes) {
            fleet.behave(node, "Success", 0);
        }
        long before = tookOverLines(killing);
        doomed.kill();
        long killed = System.nanoTime();

        Fleet survivor = new Fleet(new ControlClient(killing.get(1).endpoint()), clients.get(1));
        AssociationExecution run = survivor.awaitOnlyRun(id);
        long tookOver = awaitTakeOver(killing, killed, before);
        System.out.printf("run taken over %d ms after the kill -9%n", tookOver);
        assertEquals("Failed", run.status(), run.toString());
        assertEquals("{Success=9, TimedOut=3}", run.resourceCountByStatus());
        for (AssociationExecutionTarget target : targets(clients.get(2), id, executionId)) {
            if (sentBeforeKill.contains(target.resourceId())) {
                assertEquals("TimedOut", target.status());
                assertTrue(target.detailedStatus().contains("server running this target stopped"),
                        target.detailedStatus());
            } else {
                assertEquals("Success", target.status(), target.toString());
            }
            assertNotNull(target.lastExecutionDate());
        }
        AssociationDescription association = clients.get(2).describeAssociation(r -> r.associationId(id))
                .associationDescription();
        assertEquals("Failed", association.overview().status());
        assertEquals(Map.of("Success", 9, "TimedOut", 3),
                association.overview().associationStatusAggregatedCount());

        Command command = awaitCommandEnd(clients.get(2), commandId);
        assertEquals(6, command.completedCount(), command.toString());
        for (CommandInvocation i : clients.get(1).listCommandInvocationsPaginator(r -> r.commandId(commandId))
                .commandInvocations()) {
            if (commandSentBeforeKill.contains(i.instanceId())) {
                assertEquals("ExecutionTimedOut", i.statusDetails(), i.toString());
            } else {
                assertEquals("Success", i.statusDetails(), i.toString());
            }
        }
    }

    private static long tookOverLines(ServerGroup servers) {
        return servers.all().stream().filter(ServerProcess::isAlive)
                .mapToLong(s -> s.output().stream().filter(l -> l.contains("took over")).count()).sum();
    }

    /** Milliseconds from the kill to the next "took over" line of a surviving server. */
    static long awaitTakeOver(ServerGroup servers, long killedNanos, long before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (tookOverLines(servers) > before) {
                return Duration.ofNanos(System.nanoTime() - killedNanos).toMillis();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no server took over:\n" + servers.output());
    }

    private static List<AssociationExecutionTarget> targets(SsmClient client, String id, String executionId) {
        return client.describeAssociationExecutionTargetsPaginator(r -> r.associationId(id).executionId(executionId))
                .associationExecutionTargets().stream().toList();
    }

    private static String awaitInProgress(SsmClient client, String id, int expected) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            List<AssociationExecution> runs = client.describeAssociationExecutions(r -> r.associationId(id))
                    .associationExecutions();
            if (!runs.isEmpty()) {
                String executionId = runs.get(0).executionId();
                long running = targets(client, id, executionId).stream()
                        .filter(t -> t.status().equals("InProgress")).count();
                if (running == expected) {
                    return executionId;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run never had " + expected + " targets in progress");
    }

    private static Set<String> awaitCommandInProgress(SsmClient client, String commandId, int expected)
            throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            Set<String> running = client.listCommandInvocationsPaginator(r -> r.commandId(commandId)).commandInvocations()
                    .stream().filter(i -> i.statusAsString().equals("InProgress")).map(CommandInvocation::instanceId)
                    .collect(Collectors.toSet());
            if (running.size() == expected) {
                return running;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the command never had " + expected + " invocations in progress");
    }

    static Command awaitCommandEnd(SsmClient client, String commandId) throws InterruptedException {
        for (int attempt = 0; attempt < 1200; attempt++) {
            Command command = client.listCommands(r -> r.commandId(commandId)).commands().get(0);
            if (!List.of("Pending", "InProgress", "Cancelling").contains(command.statusAsString())) {
                return command;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the command never ended");
    }
}
