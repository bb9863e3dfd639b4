package steward.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.Clients;
import steward.testing.ControlClient;
import steward.testing.ServerProcess;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/**
 * kill -9 while a command runs on 12 slow nodes, 4 at a time, one of which already finished:
 * after the restart the command and every invocation are still there, the finished one as it
 * was, and the rest end honestly (started ones TimedOut, unstarted ones Undeliverable, each
 * saying Steward restarted) instead of staying InProgress forever.
 */
class CommandCrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SLOW = 11;

    @Test
    void aCommandInFlightAtKillNineEndsHonestlyAfterRestart() throws Exception {
        Path dataDir = Files.createTempDirectory("steward-command-crash");
        try {
            String commandId;
            String quick;
            try (ServerProcess server = ServerProcess.start(dataDir);
                 SsmClient ssm = Clients.ssm(server.endpoint())) {
                ControlClient control = new ControlClient(server.endpoint());
                // The lowest id, so it is dispatched first and finishes before the crash.
                quick = node(control, "\"InstanceId\":\"mi-0000000000000000a\",",
                        "{\"Status\":\"Success\",\"DurationMillis\":0,\"Stdout\":\"done before the crash\"}");
                for (int i = 0; i < SLOW; i++) {
                    node(control, "", "{\"Status\":\"Success\",\"DurationMillis\":600000}");
                }
                Command sent = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").maxConcurrency("4")
                        .targets(Target.builder().key("tag:crash").values("yes").build())
                        .parameters(Map.of("commands", List.of("sleep 600")))).command();
                commandId = sent.commandId();
                assertEquals(SLOW + 1, sent.targetCount());
                awaitInProgress(ssm, commandId, 4);
                server.kill();
            }
            try (ServerProcess server = ServerProcess.start(dataDir);
                 SsmClient ssm = Clients.ssm(server.endpoint())) {
                Command command = ssm.listCommands(r -> r.commandId(commandId)).commands().get(0);
                assertEquals(SLOW + 1, command.targetCount());
                assertEquals(SLOW + 1, command.completedCount(), "every invocation has ended");
                assertEquals("TimedOut", command.statusAsString(), command.toString());
                assertEquals("ExecutionTimedOut", command.statusDetails());
                List<CommandInvocation> invocations = new ArrayList<>(ssm.listCommandInvocationsPaginator(
                        r -> r.commandId(commandId)).commandInvocations().stream().toList());
                assertEquals(SLOW + 1, invocations.size());
                Map<String, Long> byDetails = invocations.stream().collect(Collectors.groupingBy(
                        CommandInvocation::statusDetails, Collectors.counting()));
                assertEquals(Map.of("Success", 1L, "ExecutionTimedOut", 4L, "Undeliverable", 7L), byDetails);
                GetCommandInvocationResponse kept = ssm.getCommandInvocation(r -> r.commandId(commandId)
                        .instanceId(quick));
                assertEquals("done before the crash", kept.standardOutputContent());
                for (CommandInvocation i : invocations) {
                    if (!i.statusDetails().equals("Success")) {
                        String stderr = ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(i.instanceId()))
                                .standardErrorContent();
                        assertTrue(stderr.contains("Steward restarted"), stderr);
                    }
                }
                assertNotNull(command.requestedDateTime());
            }
        } finally {
            TestServer.deleteRecursively(dataDir);
        }
    }

    private static String node(ControlClient control, String id, String behavior) throws Exception {
        SignedHttp.Response response = control.post("/_steward/nodes", "{" + id
                + "\"Tags\":[{\"Key\":\"crash\",\"Value\":\"yes\"}],\"Behavior\":" + behavior + "}");
        assertEquals(200, response.status(), response.body());
        return JSON.readTree(response.body()).get("InstanceId").asText();
    }

    private static void awaitInProgress(SsmClient ssm, String commandId, int expected) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            List<CommandInvocation> all = ssm.listCommandInvocationsPaginator(r -> r.commandId(commandId))
                    .commandInvocations().stream().toList();
            long running = all.stream().filter(i -> i.statusAsString().equals("InProgress")).count();
            long done = all.stream().filter(i -> i.statusAsString().equals("Success")).count();
            if (running == expected && done == 1) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the command never had " + expected + " invocations in progress");
    }
}
