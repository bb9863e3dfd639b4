package steward.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.ssm.waiters.SsmWaiter;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ServerPerClass;
import steward.testing.SignedHttp;

/** Run Command through the Java SDK v2: every operation, the statuses a node can end in, output, filters, errors. */
class CommandsEndToEndTest extends ServerPerClass {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String group = "g" + UUID.randomUUID().toString().substring(0, 8);

    /** A simulated node of this test's group; {@code behavior} is the control API's Behavior object. */
    private String node(String behavior) {
        SignedHttp.Response response = control.post("/_steward/nodes",
                "{\"Tags\":[{\"Key\":\"group\",\"Value\":\"" + group + "\"}],\"Behavior\":" + behavior + "}");
        assertEquals(200, response.status(), response.body());
        try {
            return JSON.readTree(response.body()).get("InstanceId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String behavior(String status, long millis, Integer exitCode, String stdout, String stderr) {
        ObjectNode b = JSON.createObjectNode().put("Status", status).put("DurationMillis", millis);
        if (exitCode != null) {
            b.put("ExitCode", exitCode);
        }
        if (stdout != null) {
            b.put("Stdout", stdout);
        }
        if (stderr != null) {
            b.put("Stderr", stderr);
        }
        return b.toString();
    }

    private static Command send(Consumer<SendCommandRequest.Builder> request) {
        return ssm.sendCommand(r -> {
            r.documentName("AWS-RunShellScript").parameters(Map.of("commands", List.of("echo hello")));
            request.accept(r);
        }).command();
    }

    /**
     * The SDK's command_executed waiter (polling every 100 ms instead of 5 s). It ends in failure
     * for Failed, TimedOut and Cancelled, which these tests expect too, so the last state is read after.
     */
    private static GetCommandInvocationResponse awaitExecuted(String commandId, String instanceId) {
        try (SsmWaiter waiter = SsmWaiter.builder().client(ssm).overrideConfiguration(o -> o.maxAttempts(600)
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))).build()) {
            WaiterResponse<GetCommandInvocationResponse> done = waiter.waitUntilCommandExecuted(
                    r -> r.commandId(commandId).instanceId(instanceId));
            return done.matched().response().orElseThrow();
        } catch (SdkClientException failureState) {
            return ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(instanceId));
        }
    }

    /** Polls until the invocation's status is final (the waiter stops at Cancelling, which is not). */
    private static GetCommandInvocationResponse awaitFinal(String commandId, String instanceId) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            GetCommandInvocationResponse now = ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(instanceId));
            if (!List.of("Pending", "InProgress", "Delayed", "Cancelling").contains(now.statusAsString())) {
                return now;
            }
            assertTrue(Instant.now().isBefore(deadline), "invocation did not end: " + now);
            sleep(50);
        }
    }

    private static Command awaitCommand(String commandId) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            Command c = ssm.listCommands(r -> r.commandId(commandId)).commands().get(0);
            if (!List.of("Pending", "InProgress", "Cancelling").contains(c.statusAsString())) {
                return c;
            }
            assertTrue(Instant.now().isBefore(deadline), "command did not end: " + c);
            sleep(50);
        }
    }

    @Test
    void aCommandRunsAndItsOutputCanBeRead() {
        String id = node(behavior("Success", 100, null, "hello from the node\n", "a warning\n"));
        Command sent = send(r -> r.instanceIds(id).comment("say hello").timeoutSeconds(600));
        assertEquals(36, sent.commandId().length());
        assertEquals("Pending", sent.statusAsString());
        assertEquals(1, sent.targetCount());
        assertEquals("say hello", sent.comment());
        assertEquals(List.of(id), sent.instanceIds());
        assertEquals("50", sent.maxConcurrency());
        assertEquals("0", sent.maxErrors());
        assertEquals(600, sent.timeoutSeconds());
        assertTrue(sent.expiresAfter().isAfter(sent.requestedDateTime()));
        // The invocation exists the moment SendCommand answers: no InvocationDoesNotExist to retry through.
        GetCommandInvocationResponse first = ssm.getCommandInvocation(r -> r.commandId(sent.commandId()).instanceId(id));
        assertTrue(List.of("Pending", "InProgress", "Success").contains(first.statusAsString()), first.statusAsString());

        GetCommandInvocationResponse done = awaitExecuted(sent.commandId(), id);
        assertEquals("Success", done.statusAsString());
        assertEquals("Success", done.statusDetails());
        assertEquals(0, done.responseCode());
        assertEquals("hello from the node\n", done.standardOutputContent());
        assertEquals("a warning\n", done.standardErrorContent());
        assertEquals("AWS-RunShellScript", done.documentName());
        assertEquals("1", done.documentVersion());
        assertEquals("say hello", done.comment());
        assertFalse(done.executionStartDateTime().isEmpty());
        assertTrue(done.executionElapsedTime().startsWith("PT"), done.executionElapsedTime());

        Command listed = awaitCommand(sent.commandId());
        assertEquals("Success", listed.statusAsString());
        assertEquals("Success", listed.statusDetails());
        assertEquals(1, listed.completedCount());
        assertEquals(0, listed.errorCount());
        assertEquals(0, listed.deliveryTimedOutCount());

        CommandInvocation invocation = ssm.listCommandInvocations(r -> r.commandId(sent.commandId()).details(true))
                .commandInvocations().get(0);
        assertEquals("Success", invocation.statusAsString());
        assertEquals(1, invocation.commandPlugins().size());
        var plugin = invocation.commandPlugins().get(0);
        assertEquals("aws:runShellScript", plugin.name());
        assertEquals(0, plugin.responseCode());
        assertEquals("hello from the node\n\n----------ERROR-------\na warning\n", plugin.output());
        assertTrue(ssm.listCommandInvocations(r -> r.commandId(sent.commandId())).commandInvocations().get(0)
                .commandPlugins().isEmpty(), "plugins only with Details");
        GetCommandInvocationResponse byPlugin = ssm.getCommandInvocation(r -> r.commandId(sent.commandId())
                .instanceId(id).pluginName("aws:runShellScript"));
        assertEquals("aws:runShellScript", byPlugin.pluginName());
        assertEquals("hello from the node\n", byPlugin.standardOutputContent());
    }

    @Test
    void aFailingNodeFailsTheCommandWithItsExitCode() {
        String id = node(behavior("Failed", 0, 3, "partial\n", "boom\n"));
        Command sent = send(r -> r.instanceIds(id));
        GetCommandInvocationResponse done = awaitExecuted(sent.commandId(), id);
        assertEquals("Failed", done.statusAsString());
        assertEquals("Failed", done.statusDetails());
        assertEquals(3, done.responseCode());
        assertEquals("boom\n", done.standardErrorContent());
        Command listed = awaitCommand(sent.commandId());
        assertEquals("Failed", listed.statusAsString());
        assertEquals(1, listed.errorCount());
    }

    @Test
    void failuresWithinMaxErrorsLeaveTheCommandIncomplete() {
        node(behavior("Success", 0, null, null, null));
        node(behavior("Failed", 0, null, null, null));
        Command sent = send(r -> r.targets(Target.builder().key("tag:group").values(group).build()).maxErrors("1"));
        assertEquals(2, sent.targetCount());
        Command listed = awaitCommand(sent.commandId());
        assertEquals("Success", listed.statusAsString());
        assertEquals("Incomplete", listed.statusDetails());
        assertEquals(2, listed.completedCount());
        assertEquals(1, listed.errorCount());
    }

    @Test
    void aRunPastTheExecutionTimeoutEndsExecutionTimedOut() {
        String id = node(behavior("Success", 60_000, null, null, null));
        Command sent = send(r -> r.instanceIds(id).parameters(Map.of("commands", List.of("sleep 60"),
                "executionTimeout", List.of("1"))));
        GetCommandInvocationResponse done = awaitExecuted(sent.commandId(), id);
        assertEquals("TimedOut", done.statusAsString());
        assertEquals("ExecutionTimedOut", done.statusDetails());
        Command listed = awaitCommand(sent.commandId());
        assertEquals("TimedOut", listed.statusAsString());
        assertEquals("ExecutionTimedOut", listed.statusDetails());
    }

    @Test
    void outputIsCutWhereAwsCutsIt() {
        String id = node(behavior("Success", 0, null, "o".repeat(30_000), "e".repeat(9_000)));
        Command sent = send(r -> r.instanceIds(id));
        GetCommandInvocationResponse done = awaitExecuted(sent.commandId(), id);
        assertEquals(24_000, done.standardOutputContent().length());
        assertEquals(8_000, done.standardErrorContent().length());
        String output = ssm.listCommandInvocations(r -> r.commandId(sent.commandId()).details(true)).commandInvocations()
                .get(0).commandPlugins().get(0).output();
        assertEquals(2_500, output.length());
    }

    @Test
    void aTargetedNodeOfAnotherPlatformEndsInvalidPlatform() {
        String linux = node(behavior("Success", 0, null, null, null));
        SignedHttp.Response created = control.post("/_steward/nodes", "{\"PlatformType\":\"Windows\",\"Tags\":"
                + "[{\"Key\":\"group\",\"Value\":\"" + group + "\"}]}");
        assertEquals(200, created.status(), created.body());
        String windows = created.body().replaceAll(".*\"InstanceId\":\"([^\"]+)\".*", "$1");
        Command sent = send(r -> r.targets(Target.builder().key("tag:group").values(group).build()));
        assertEquals(2, sent.targetCount());
        GetCommandInvocationResponse refused = ssm.getCommandInvocation(r -> r.commandId(sent.commandId())
                .instanceId(windows));
        assertEquals("Failed", refused.statusAsString());
        assertEquals("InvalidPlatform", refused.statusDetails());
        assertEquals("Success", awaitExecuted(sent.commandId(), linux).statusAsString());
        Command listed = awaitCommand(sent.commandId());
        assertEquals("Success", listed.statusAsString());
        assertEquals("Incomplete", listed.statusDetails());
        assertEquals(0, listed.errorCount());
    }

    @Test
    void targetsThatSelectNoNodeSucceedWithNoInstancesInTag() {
        Command sent = send(r -> r.targets(Target.builder().key("tag:group").values("nobody-" + group).build()));
        assertEquals(0, sent.targetCount());
        assertEquals("Success", sent.statusAsString());
        assertEquals("NoInstancesInTag", sent.statusDetails());
    }

    @Test
    void cancellingStopsARunningCommand() {
        String running = node(behavior("Success", 60_000, null, null, null));
        Command sent = send(r -> r.instanceIds(running));
        awaitInvocationStatus(sent.commandId(), running, "InProgress");
        ssm.cancelCommand(r -> r.commandId(sent.commandId()));
        GetCommandInvocationResponse done = awaitFinal(sent.commandId(), running);
        assertEquals("Cancelled", done.statusAsString());
        Command listed = awaitCommand(sent.commandId());
        assertEquals("Cancelled", listed.statusAsString());
        assertEquals("Cancelled", listed.statusDetails());
    }

    @Test
    void cancellingOneNodeLeavesTheOthersRunning() {
        String slow = node(behavior("Success", 60_000, null, null, null));
        String quick = node(behavior("Success", 500, null, null, null));
        Command sent = send(r -> r.instanceIds(slow, quick));
        awaitInvocationStatus(sent.commandId(), slow, "InProgress");
        ssm.cancelCommand(r -> r.commandId(sent.commandId()).instanceIds(slow));
        assertEquals("Cancelled", awaitFinal(sent.commandId(), slow).statusAsString());
        assertEquals("Success", awaitExecuted(sent.commandId(), quick).statusAsString());
        Command listed = awaitCommand(sent.commandId());
        assertEquals("Success", listed.statusAsString());
        assertEquals("Incomplete", listed.statusDetails());
    }

    @Test
    void maxErrorsStopsSendingAndTerminatesTheRest() {
        for (int i = 0; i < 5; i++) {
            node(behavior("Failed", 50, null, null, null));
        }
        Command sent = send(r -> r.targets(Target.builder().key("tag:group").values(group).build())
                .maxConcurrency("1").maxErrors("1"));
        Command listed = awaitCommand(sent.commandId());
        assertEquals("Failed", listed.statusAsString());
        assertEquals(5, listed.targetCount());
        assertEquals(2, listed.errorCount(), "the second error stops the command");
        List<CommandInvocation> invocations = ssm.listCommandInvocations(r -> r.commandId(sent.commandId()))
                .commandInvocations();
        assertEquals(3, invocations.stream().filter(i -> i.statusDetails().equals("Terminated")).count(),
                invocations.toString());
    }

    @Test
    void associationTargetsKeepTheirOutputAsInvocationsButAreNotListedAsCommands() {
        String id = node(behavior("Success", 0, null, "from the association\n", null));
        String associationId = ssm.createAssociation(r -> r.name("AWS-RunShellScript")
                .targets(Target.builder().key("InstanceIds").values(id).build())
                .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId();
        Instant deadline = Instant.now().plusSeconds(30);
        software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget target;
        while (true) {
            String executionId = ssm.describeAssociationExecutions(r -> r.associationId(associationId))
                    .associationExecutions().get(0).executionId();
            target = ssm.describeAssociationExecutionTargets(r -> r.associationId(associationId).executionId(executionId))
                    .associationExecutionTargets().get(0);
            if (target.status().equals("Success")) {
                break;
            }
            assertTrue(Instant.now().isBefore(deadline), target.toString());
            sleep(50);
        }
        String commandId = target.outputSource().outputSourceId();
        GetCommandInvocationResponse output = ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(id));
        assertEquals("Success", output.statusAsString());
        assertEquals("from the association\n", output.standardOutputContent());
        assertEquals(1, ssm.listCommandInvocations(r -> r.commandId(commandId)).commandInvocations().size());
        SsmException error = assertThrows(SsmException.class, () -> ssm.listCommands(r -> r.commandId(commandId)));
        assertEquals("InvalidCommandId", error.awsErrorDetails().errorCode());
        assertTrue(ssm.listCommandsPaginator(r -> r.instanceId(id)).commands().stream().toList().isEmpty());
    }

    @Test
    void listingsPageAndFilter() {
        String id = node(behavior("Success", 0, null, null, null));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sent.add(send(r -> r.instanceIds(id)).commandId());
        }
        sent.forEach(CommandsEndToEndTest::awaitCommand);
        List<String> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            var page = ssm.listCommands(r -> r.instanceId(id).maxResults(3).nextToken(next));
            page.commands().forEach(c -> listed.add(c.commandId()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(3, pages);
        assertEquals(sent.reversed(), listed, "newest first");
        List<String> invocations = ssm.listCommandInvocationsPaginator(r -> r.instanceId(id).maxResults(2))
                .commandInvocations().stream().map(CommandInvocation::commandId).toList();
        assertEquals(sent.reversed(), invocations);

        Instant middle = ssm.listCommands(r -> r.commandId(sent.get(3))).commands().get(0).requestedDateTime();
        assertEquals(4, count(id, filter("InvokedAfter", middle.toString())));
        assertEquals(4, count(id, filter("InvokedBefore", middle.toString())));
        assertEquals(7, count(id, filter("Status", "Success")));
        assertEquals(0, count(id, filter("Status", "Failed")));
        assertEquals(7, count(id, filter("ExecutionStage", "Complete")));
        assertEquals(0, count(id, filter("ExecutionStage", "Executing")));
        assertEquals(7, count(id, filter("DocumentName", "AWS-RunShellScript")));
        assertEquals(0, count(id, filter("DocumentName", "AWS-UpdateSSMAgent")));

        SsmException badToken = assertThrows(SsmException.class, () -> ssm.listCommands(r -> r.maxResults(1)
                .nextToken("forged")));
        assertEquals("InvalidNextToken", badToken.awsErrorDetails().errorCode());
        SsmException badValue = assertThrows(SsmException.class, () -> ssm.listCommands(r -> r.filters(
                filter("Status", "Sleeping"))));
        assertEquals("InvalidFilterKey", badValue.awsErrorDetails().errorCode());
        SsmException badTime = assertThrows(SsmException.class, () -> ssm.listCommandInvocations(r -> r.filters(
                filter("InvokedAfter", "yesterday"))));
        assertEquals("InvalidFilterKey", badTime.awsErrorDetails().errorCode());
    }

    private static long count(String instanceId, CommandFilter filter) {
        return ssm.listCommandsPaginator(r -> r.instanceId(instanceId).filters(filter)).commands().stream().count();
    }

    private static CommandFilter filter(String key, String value) {
        return CommandFilter.builder().key(key).value(value).build();
    }

    @Test
    void badRequestsGetAwsErrorsAndChangeNothing() {
        String linux = node(behavior("Success", 0, null, null, null));
        int before = ssm.listCommandsPaginator(r -> r.instanceId(linux)).commands().stream().toList().size();
        assertError("InvalidDocument", () -> send(r -> r.instanceIds(linux).documentName("No-Such-Document")));
        assertError("InvalidDocumentVersion", () -> send(r -> r.instanceIds(linux).documentVersion("7")));
        assertError("InvalidParameters", () -> send(r -> r.instanceIds(linux).parameters(Map.of("nope", List.of("x")))));
        assertError("InvalidParameters", () -> send(r -> r.instanceIds(linux).parameters(Map.of())));
        assertError("InvalidInstanceId", () -> send(r -> r.instanceIds("mi-0123456789abcdef0")));
        assertError("DuplicateInstanceId", () -> send(r -> r.instanceIds(linux, linux)));
        SignedHttp.Response windows = control.post("/_steward/nodes", "{\"PlatformType\":\"Windows\"}");
        String windowsId = windows.body().replaceAll(".*\"InstanceId\":\"([^\"]+)\".*", "$1");
        assertError("UnsupportedPlatformType", () -> send(r -> r.instanceIds(windowsId)));
        assertError("InvalidDocument", () -> send(r -> r.instanceIds(linux).documentHash("0".repeat(64))
                .documentHashType("Sha256")));
        assertError("InvalidOutputFolder", () -> send(r -> r.instanceIds(linux).outputS3BucketName("Not_A_Bucket")));
        assertError("InvalidRole", () -> send(r -> r.instanceIds(linux).serviceRoleArn("not-a-role")));
        assertError("InvalidNotificationConfig", () -> send(r -> r.instanceIds(linux)
                .serviceRoleArn("arn:aws:iam::000000000000:role/notify")
                .notificationConfig(n -> n.notificationArn("arn:aws:s3:::bucket"))));
        assertError("ValidationException", () -> send(r -> r.instanceIds(linux)
                .targets(Target.builder().key("tag:group").values(group).build())));
        assertError("ValidationException", () -> send(r -> { }));
        assertEquals(before, ssm.listCommandsPaginator(r -> r.instanceId(linux)).commands().stream().toList().size());

        String unknown = UUID.randomUUID().toString();
        assertError("InvalidCommandId", () -> ssm.getCommandInvocation(r -> r.commandId(unknown).instanceId(linux)));
        assertError("InvalidCommandId", () -> ssm.listCommands(r -> r.commandId(unknown)));
        assertError("InvalidCommandId", () -> ssm.listCommandInvocations(r -> r.commandId(unknown)));
        assertError("InvalidCommandId", () -> ssm.cancelCommand(r -> r.commandId(unknown)));
        Command sent = send(r -> r.instanceIds(linux));
        assertError("InvocationDoesNotExist", () -> ssm.getCommandInvocation(r -> r.commandId(sent.commandId())
                .instanceId("mi-0123456789abcdef0")));
        assertError("InvalidPluginName", () -> ssm.getCommandInvocation(r -> r.commandId(sent.commandId())
                .instanceId(linux).pluginName("aws:nothing")));
        assertError("InvalidInstanceId", () -> ssm.cancelCommand(r -> r.commandId(sent.commandId())
                .instanceIds("mi-0123456789abcdef0")));
        assertError("DuplicateInstanceId", () -> ssm.cancelCommand(r -> r.commandId(sent.commandId())
                .instanceIds(linux, linux)));
    }

    @Test
    void echoedSettingsComeBackAsSent() {
        String id = node(behavior("Success", 0, null, null, null));
        Command sent = send(r -> r.instanceIds(id).outputS3BucketName("my-output").outputS3KeyPrefix("runs/")
                .outputS3Region("us-east-1").serviceRoleArn("arn:aws:iam::000000000000:role/notify")
                .notificationConfig(n -> n.notificationArn("arn:aws:sns:us-east-1:000000000000:topic")
                        .notificationEvents(List.of(software.amazon.awssdk.services.ssm.model.NotificationEvent.ALL))
                        .notificationType("Command"))
                .cloudWatchOutputConfig(c -> c.cloudWatchLogGroupName("group").cloudWatchOutputEnabled(true))
                .alarmConfiguration(a -> a.alarms(al -> al.name("never-fired"))));
        Command listed = ssm.listCommands(r -> r.commandId(sent.commandId())).commands().get(0);
        assertEquals("my-output", listed.outputS3BucketName());
        assertEquals("runs/", listed.outputS3KeyPrefix());
        assertEquals("arn:aws:iam::000000000000:role/notify", listed.serviceRole());
        assertEquals("arn:aws:sns:us-east-1:000000000000:topic", listed.notificationConfig().notificationArn());
        assertEquals("group", listed.cloudWatchOutputConfig().cloudWatchLogGroupName());
        assertEquals("never-fired", listed.alarmConfiguration().alarms().get(0).name());
        assertNull(listed.triggeredAlarms().isEmpty() ? null : listed.triggeredAlarms());
        Command byArn = send(r -> r.instanceIds(id).documentName("arn:aws:ssm:us-east-1::document/AWS-RunShellScript")
                .documentVersion("$DEFAULT"));
        assertEquals("AWS-RunShellScript", byArn.documentName());
        assertEquals("1", byArn.documentVersion(), "the version the command runs");
    }

    @Test
    void anAlarmStopsTheCommand() {
        String alarm = "cmd-alarm-" + group;
        assertEquals(200, control.put("/_steward/alarms/" + alarm, "{\"State\":\"ALARM\"}").status());
        String id = node(behavior("Success", 0, null, null, null));
        Command sent = send(r -> r.instanceIds(id).alarmConfiguration(a -> a.alarms(al -> al.name(alarm))));
        Command listed = awaitCommand(sent.commandId());
        assertEquals("Failed", listed.statusAsString());
        assertEquals(alarm, listed.triggeredAlarms().get(0).name());
        assertEquals("ALARM", listed.triggeredAlarms().get(0).stateAsString());
        assertEquals("Cancelled", ssm.getCommandInvocation(r -> r.commandId(sent.commandId()).instanceId(id))
                .statusAsString());
    }

    private static void assertError(String code, Runnable call) {
        SsmException error = assertThrows(SsmException.class, call::run);
        assertEquals(code, error.awsErrorDetails().errorCode(), error.getMessage());
        assertFalse(error.awsErrorDetails().errorMessage() == null || error.awsErrorDetails().errorMessage().isEmpty());
    }

    private static void awaitInvocationStatus(String commandId, String instanceId, String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(instanceId)).statusAsString()
                .equals(status)) {
            assertTrue(Instant.now().isBefore(deadline), "never reached " + status);
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
