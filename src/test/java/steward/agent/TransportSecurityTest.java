package steward.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import steward.server.ServerConfig;
import steward.server.Steward;
import steward.server.StartupFailure;
import steward.testing.TestServer;

/**
 * HTTPS with --tls-cert/--tls-key on the one port (SDK v2 over TLS, plain HTTP refused there), and
 * plain HTTP beyond loopback refused unless consented to. The certificate is made with openssl,
 * as the README tells users to.
 */
class TransportSecurityTest {
    @TempDir
    Path dir;

    private Path[] certificate() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(),
                "-out", cert.toString()).redirectErrorStream(true).start();
        openssl.getOutputStream().close();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0, output);
        return new Path[] {cert, key};
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("steward", (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Test
    void httpsServesTheSdkAndAgentsOnTheSamePort() throws Exception {
        Path[] pem = certificate();
        Path data = Files.createTempDirectory("steward-tls");
        TestServer server = TestServer.start(new ServerConfig("127.0.0.1", 0, data, ServerConfig.DEFAULT_ASSOCIATION_LIMIT)
                .withTls(pem[0], pem[1]));
        URI https = URI.create("https://127.0.0.1:" + server.endpoint().getPort());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem[0])) {
            store.setCertificateEntry("steward", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        trust.init(store);
        try (server; SsmClient ssm = SsmClient.builder().endpointOverride(https).region(Region.of(TestServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            String id = ssm.createActivation(r -> r.iamRole("R")).activationId();
            assertEquals(1, ssm.describeActivations(r -> r.filters(f -> f.filterKey("ActivationIds")
                    .filterValues(id))).activationList().size());

            // Plain HTTP on the TLS port gets no answer.
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(server.endpoint())
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString()));

            HttpClient tls = HttpClient.newBuilder().sslContext(trusting(pem[0])).build();
            HttpResponse<String> unsigned = tls.send(HttpRequest.newBuilder(https).header("X-Amz-Target",
                    "AmazonSSM.ListAssociations").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, unsigned.statusCode());
            assertTrue(unsigned.body().contains("MissingAuthenticationToken"), unsigned.body());
        }
    }

    @Test
    void plainHttpBeyondLoopbackIsRefusedUnlessAllowed() throws Exception {
        Path credentials = dir.resolve("credentials.json");
        Files.writeString(credentials, "{\"Credentials\": [{\"AccessKeyId\": \"AKIDEXAMPLE\", \"SecretAccessKey\": "
                + "\"secret\", \"AccountId\": \"111122223333\"}]}");
        ServerConfig open = new ServerConfig("0.0.0.0", 0, dir.resolve("open"), ServerConfig.DEFAULT_ASSOCIATION_LIMIT,
                null, credentials, false);
        StartupFailure refused = assertThrows(StartupFailure.class, () -> Steward.start(open));
        assertTrue(refused.getMessage().contains("--allow-plaintext"), refused.getMessage());
        assertFalse(Files.exists(dir.resolve("open").resolve("steward.db")), "nothing was opened");
        try (Steward allowed = Steward.start(open.withAllowPlaintext(true))) {
            assertTrue(allowed.address().getPort() > 0);
        }
        Path[] pem = certificate();
        try (Steward secured = Steward.start(open.withTls(pem[0], pem[1]))) {
            assertTrue(secured.address().getPort() > 0);
        }
    }
}
