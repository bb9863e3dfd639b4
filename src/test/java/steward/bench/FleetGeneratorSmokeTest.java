package steward.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CreateActivationResponse;
import steward.testing.ServerPerClass;
import steward.testing.TestServer;

/**
 * The fleet benchmark's load generator, small, so the benchmark does not rot: 20 simulated
 * agents in a child JVM register through an activation and take a command to all of them,
 * which ends Success on every one, each agent getting its message once.
 */
class FleetGeneratorSmokeTest extends ServerPerClass {
    private static final int AGENTS = 20;

    @Test
    void twentySimulatedAgentsRegisterAndAnswerACommandToAllOfThem() throws Exception {
        CreateActivationResponse activation = ssm.createActivation(r -> r.iamRole("FleetSmoke").registrationLimit(AGENTS)
                .tags(t -> t.key("Fleet").value("smoke")));
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode().put("region", TestServer.REGION).put("heartbeatSeconds", 300)
                .put("keyPairs", 1);
        config.putArray("endpoints").add(server.endpoint().toString());
        config.putArray("activations").addObject().put("id", activation.activationId())
                .put("code", activation.activationCode()).put("count", AGENTS);
        try (FleetGeneratorProcess generator = FleetGeneratorProcess.start(config)) {
            JsonNode registered = generator.awaitRegistered();
            assertEquals(AGENTS, registered.get("agents").asInt(), registered.toString());

            String commandId = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript")
                    .targets(t -> t.key("tag:Fleet").values("smoke")).maxConcurrency("100%")
                    .parameters(Map.of("commands", List.of("true")))).command().commandId();
            Command command = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                command = ssm.listCommands(r -> r.commandId(commandId)).commands().get(0);
                if (command.completedCount() == AGENTS && !List.of("Pending", "InProgress").contains(command.statusAsString())) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals("Success", command.statusAsString(), command.toString());
            assertEquals(AGENTS, command.completedCount());
            assertEquals(AGENTS, ssm.listCommandInvocations(r -> r.commandId(commandId)).commandInvocations().stream()
                    .filter(i -> i.statusAsString().equals("Success")).count());

            JsonNode stats = generator.stats();
            assertEquals(AGENTS, stats.get("agentsReached").asInt(), stats.toString());
            assertEquals(0, stats.get("agentsWithMoreThanOneMessage").asInt(), stats.toString());
            assertEquals(0, stats.get("redeliveries").asInt(), stats.toString());
            assertEquals(AGENTS, stats.get("deliveryCount").asInt(), stats.toString());
            assertTrue(stats.get("errors").isEmpty(), stats.toString());
        }
    }
}
