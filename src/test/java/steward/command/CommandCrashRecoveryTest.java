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
 * was, and the restarted server finishes the rest instead of leaving them InProgress forever:
 * the 7 never sent are sent now, the 4 whose simulated runs died with the killed server end
 * TimedOut, saying so. (Before leases the restart ended the unsent ones Undeliverable.)
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
                // What has not been sent yet will run quickly when the restarted server sends it.
                for (CommandInvocation i : ssm.listCommandInvocationsPaginator(r -> r.commandId(commandId))
                        .commandInvocations()) {
                    assertEquals(200, control.put("/_steward/nodes/" + i.instanceId() + "/behavior",
                            "{\"Status\":\"Success\",\"DurationMillis\":0,\"Stdout\":\"sent after\"}").status());
                }
                server.kill();
            }
            try (ServerProcess server = ServerProcess.start(dataDir);
                 SsmClient ssm = Clients.ssm(server.endpoint())) {
                Command command = awaitEnd(ssm, commandId);
                assertEquals(SLOW + 1, command.targetCount());
                assertEquals(SLOW + 1, command.completedCount(), "every invocation has ended");
                assertEquals("TimedOut", command.statusAsString(), command.toString());
                assertEquals("ExecutionTimedOut", command.statusDetails());
                List<CommandInvocation> invocations = new ArrayList<>(ssm.listCommandInvocationsPaginator(
                        r -> r.commandId(commandId)).commandInvocations().stream().toList());
                assertEquals(SLOW + 1, invocations.size());
                Map<String, Long> byDetails = invocations.stream().collect(Collectors.groupingBy(
                        CommandInvocation::statusDetails, Collectors.counting()));
                assertEquals(Map.of("Success", 8L, "ExecutionTimedOut", 4L), byDetails);
                GetCommandInvocationResponse kept = ssm.getCommandInvocation(r -> r.commandId(commandId)
                        .instanceId(quick));
                assertEquals("done before the crash", kept.standardOutputContent());
                for (CommandInvocation i : invocations) {
                    GetCommandInvocationResponse one = ssm.getCommandInvocation(r -> r.commandId(commandId)
                            .instanceId(i.instanceId()));
                    if (!i.statusDetails().equals("Success")) {
                        assertTrue(one.standardErrorContent().contains("Steward server running this command stopped"),
                                one.standardErrorContent());
                    } else if (!i.instanceId().equals(quick)) {
                        assertEquals("sent after", one.standardOutputContent());
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

    private static Command awaitEnd(SsmClient ssm, String commandId) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            Command command = ssm.listCommands(r -> r.commandId(commandId)).commands().get(0);
            if (!List.of("Pending", "InProgress", "Cancelling").contains(command.statusAsString())) {
                return command;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the command never ended");
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
