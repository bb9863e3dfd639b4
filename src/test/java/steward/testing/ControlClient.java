package steward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Steward's control API (/_steward/...) over real HTTP, signed with the SDK's SigV4 signer for
 * service {@code ssm} the way {@code curl --aws-sigv4 "aws:amz:REGION:ssm"} signs.
 */
public final class ControlClient {
    private final URI endpoint;
    private final String accessKeyId;
    private final String region;
    private final HttpClient http = HttpClient.newHttpClient();

    public ControlClient(URI endpoint) {
        this(endpoint, "test", TestServer.REGION);
    }

    public ControlClient(URI endpoint, String accessKeyId, String region) {
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.region = region;
    }

    /** The same server as another account or region. */
    public ControlClient as(String otherAccessKeyId, String otherRegion) {
        return new ControlClient(endpoint, otherAccessKeyId, otherRegion);
    }

    /** The same account in another region. */
    public ControlClient inRegion(String otherRegion) {
        return new ControlClient(endpoint, accessKeyId, otherRegion);
    }

    public SignedHttp.Response get(String path) {
        return send("GET", path, null);
    }

    public SignedHttp.Response post(String path, String body) {
        return send("POST", path, body);
    }

    public SignedHttp.Response put(String path, String body) {
        return send("PUT", path, body);
    }

    public SignedHttp.Response delete(String path) {
        return send("DELETE", path, null);
    }

    public SignedHttp.Response send(String method, String path, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        URI uri = endpoint.resolve(path);
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(uri)
                .contentStreamProvider(ContentStreamProvider.fromByteArray(bytes));
        if (body != null) {
            unsigned.putHeader("Content-Type", "application/json");
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(accessKeyId, "test"))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, publisher(bytes));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return send(request.build());
    }

    public SignedHttp.Response sendUnsigned(String method, String path, String body, Map<String, String> headers) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path)).method(method, publisher(bytes));
        headers.forEach(request::header);
        return send(request.build());
    }

    private static HttpRequest.BodyPublisher publisher(byte[] bytes) {
        return bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes);
    }

    private SignedHttp.Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new SignedHttp.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
