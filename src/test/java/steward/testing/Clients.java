package steward.testing;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The Java SDK clients every end-to-end test uses. They never retry: the SDK's default strategy
 * would send a call again after a 500 or a throttle and hide it, so every call reaches the server
 * at most once and every server error reaches the test.
 */
public final class Clients {
    private Clients() {
    }

    public static SsmClient ssm(URI endpoint) {
        return ssm(endpoint, "test", TestServer.REGION);
    }

    public static SsmClient ssm(URI endpoint, String accessKeyId, String region) {
        return SsmClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "test")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
