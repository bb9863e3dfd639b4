package steward.agent;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CreateActivationResponse;
import steward.testing.TestServer;

/** Activations and registered test agents for one test, closed together. */
final class AgentFixture implements AutoCloseable {
    static final String ROLE = "SSMServiceRole";

    private final URI endpoint;
    private final SsmClient ssm;
    private final List<TestAgent> agents = new ArrayList<>();

    AgentFixture(URI endpoint, SsmClient ssm) {
        this.endpoint = endpoint;
        this.ssm = ssm;
    }

    /** An SDK v2 client that never retries, so no error is hidden behind a retry. */
    static SsmClient client(URI endpoint) {
        return SsmClient.builder().endpointOverride(endpoint).region(Region.of(TestServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A raw call signed with the development key for {@code service}: an administrator, not an agent. */
    static steward.testing.SignedHttp.Response signedAs(URI endpoint, String service, String target, String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var unsigned = software.amazon.awssdk.http.SdkHttpFullRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", target)
                .contentStreamProvider(software.amazon.awssdk.http.ContentStreamProvider.fromByteArray(bytes)).build();
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create("test", "test")).request(unsigned)
                .payload(software.amazon.awssdk.http.ContentStreamProvider.fromByteArray(bytes))
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, TestServer.REGION));
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                headers.put(name, values.get(0));
            }
        });
        return new steward.testing.SignedHttp(endpoint).sendUnsigned(headers, bytes);
    }

    CreateActivationResponse activation(int limit) {
        return ssm.createActivation(r -> r.iamRole(ROLE).registrationLimit(limit).defaultInstanceName("lab"));
    }

    /** A test agent registered, holding credentials, having reported its health. */
    TestAgent online() {
        return online(activation(1));
    }

    TestAgent online(CreateActivationResponse activation) {
        TestAgent agent = agent();
        agent.register(activation.activationId(), activation.activationCode());
        agent.refreshCredentials();
        agent.emptyPing();
        agent.reportHealth();
        return agent;
    }

    TestAgent agent() {
        TestAgent agent = new TestAgent(endpoint, TestServer.REGION);
        agents.add(agent);
        return agent;
    }

    @Override
    public void close() {
        agents.forEach(TestAgent::close);
    }
}
