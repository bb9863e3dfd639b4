package steward.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.CreateAssociationRequest;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ControlClient;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/**
 * A fresh account of its own on the shared server (so counts are the test's alone): a no-retry
 * SDK v2 client, the control API as that account, simulated nodes and waits for runs.
 */
final class ComplianceAccount implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 1_000_000L * 1000);

    final String accountId;
    final SsmClient ssm;
    final ControlClient control;

    ComplianceAccount(URI endpoint) {
        this(endpoint, String.format("%012d", 400_000_000_000L + NEXT.incrementAndGet()), TestServer.REGION);
    }

    ComplianceAccount(URI endpoint, String accountId, String region) {
        this.accountId = accountId;
        this.ssm = SsmClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accountId, "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        this.control = new ControlClient(endpoint, accountId, region);
    }

    /** Registers a simulated node tagged {@code group=fleet} whose runs end with {@code status}. */
    String node(String status) {
        SignedHttp.Response response = control.post("/_steward/nodes", "{\"Tags\":[{\"Key\":\"group\",\"Value\":\"fleet\"}],"
                + "\"Behavior\":{\"Status\":\"" + status + "\",\"DurationMillis\":0}}");
        assertEquals(200, response.status(), response.body());
        try {
            return JSON.readTree(response.body()).get("InstanceId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void behave(String instanceId, String status) {
        SignedHttp.Response response = control.put("/_steward/nodes/" + instanceId + "/behavior",
                "{\"Status\":\"" + status + "\",\"DurationMillis\":0}");
        assertEquals(200, response.status(), response.body());
    }

    void deleteNode(String instanceId) {
        SignedHttp.Response response = control.delete("/_steward/nodes/" + instanceId);
        assertEquals(200, response.status(), response.body());
    }

    CreateAssociationRequest.Builder association() {
        return CreateAssociationRequest.builder().name("AWS-RunShellScript")
                .targets(Target.builder().key("tag:group").values("fleet").build())
                .parameters(Map.of("commands", List.of("echo hi")));
    }

    String create(CreateAssociationRequest.Builder request) {
        return ssm.createAssociation(request.build()).associationDescription().associationId();
    }

    /** Waits until the association has at least {@code runs} runs, none Pending or InProgress. */
    List<AssociationExecution> awaitRuns(String associationId, int runs) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            List<AssociationExecution> all = ssm.describeAssociationExecutionsPaginator(r -> r.associationId(associationId))
                    .associationExecutions().stream().toList();
            if (all.size() >= runs && all.stream().noneMatch(e -> e.status().equals("Pending")
                    || e.status().equals("InProgress"))) {
                return all;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("runs did not settle: " + all);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        ssm.close();
    }
}
