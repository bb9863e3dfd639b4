package steward.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.CreateAssociationRequest;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ControlClient;
import steward.testing.SignedHttp;

/** Simulated nodes and the waits a test needs around runs, through the control API and the SDK. */
final class Fleet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ControlClient control;
    private final SsmClient ssm;
    /** A tag value only this fleet's nodes carry, so tests sharing a server don't see each other's nodes. */
    final String group = "g" + UUID.randomUUID().toString().substring(0, 8);

    Fleet(ControlClient control, SsmClient ssm) {
        this.control = control;
        this.ssm = ssm;
    }

    Target target() {
        return Target.builder().key("tag:group").values(group).build();
    }

    /** Registers a node in this fleet's group; returns its instance id. */
    String node(String status, long durationMillis) {
        String body = "{\"Tags\":[{\"Key\":\"group\",\"Value\":\"" + group + "\"}],"
                + "\"Behavior\":{\"Status\":\"" + status + "\",\"DurationMillis\":" + durationMillis + "}}";
        SignedHttp.Response response = control.post("/_steward/nodes", body);
        assertEquals(200, response.status(), response.body());
        try {
            return JSON.readTree(response.body()).get("InstanceId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> nodes(int count, String status, long durationMillis) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(node(status, durationMillis));
        }
        return ids;
    }

    void behave(String instanceId, String status, long durationMillis) {
        SignedHttp.Response response = control.put("/_steward/nodes/" + instanceId + "/behavior",
                "{\"Status\":\"" + status + "\",\"DurationMillis\":" + durationMillis + "}");
        assertEquals(200, response.status(), response.body());
    }

    void alarm(String name, String state) {
        SignedHttp.Response response = control.put("/_steward/alarms/" + name, "{\"State\":\"" + state + "\"}");
        assertEquals(200, response.status(), response.body());
    }

    CreateAssociationRequest.Builder association() {
        return CreateAssociationRequest.builder().name("AWS-RunShellScript").targets(target())
                .parameters(Map.of("commands", List.of("echo hi")));
    }

    String create(CreateAssociationRequest.Builder request) {
        return ssm.createAssociation(request.build()).associationDescription().associationId();
    }

    /** Waits until the association has {@code runs} runs and none is Pending or InProgress. */
    List<AssociationExecution> awaitRuns(String associationId, int runs) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            List<AssociationExecution> all = ssm.describeAssociationExecutionsPaginator(r -> r.associationId(associationId))
                    .associationExecutions().stream().toList();
            boolean settled = all.size() >= runs && all.stream().noneMatch(e -> e.status().equals("Pending")
                    || e.status().equals("InProgress"));
            if (settled) {
                return all;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("runs did not settle: " + all.size() + " runs, unfinished: " + all.stream()
                        .filter(e -> e.status().equals("Pending") || e.status().equals("InProgress")).toList());
            }
            sleep(50);
        }
    }

    AssociationExecution awaitOnlyRun(String associationId) {
        List<AssociationExecution> runs = awaitRuns(associationId, 1);
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
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
