package steward.auth;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import steward.protocol.ApiRequest;

/**
 * Requests signed by the AWS SDK for Java v2's own SigV4 signer, an implementation independent
 * of the one under test, and handed over as the server's HTTP layer hands them to it: header
 * names lowercased, values stripped of surrounding blanks, repeated headers joined by commas,
 * the query decoded by Netty (SignatureEndToEndTest sends the same through the real layer).
 */
final class SdkSigned {
    static final String HOST = "127.0.0.1:4583";

    private String host = HOST;
    private String method = "POST";
    private String pathAndQuery = "/";
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private String accessKeyId = "test";
    private String secret = "test";
    private String sessionToken;
    private String region = "us-east-1";
    private String service = "ssm";
    private Instant signedAt = Instant.now();
    private Duration presignFor;

    static SdkSigned awsJson(String operation, String json) {
        return new SdkSigned().header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AmazonSSM." + operation).body(json);
    }

    SdkSigned method(String value) {
        method = value;
        return this;
    }

    /** The raw path and query, as they go on the wire. */
    SdkSigned path(String value) {
        pathAndQuery = value;
        return this;
    }

    /** Where the request goes: host and port. */
    SdkSigned host(String value) {
        host = value;
        return this;
    }

    SdkSigned header(String name, String value) {
        headers.put(name, new ArrayList<>(List.of(value)));
        return this;
    }

    /** The header once more, with another value: sent as a repeated header line. */
    SdkSigned repeatedHeader(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    SdkSigned body(String value) {
        body = value.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    SdkSigned key(String id, String secretKey) {
        accessKeyId = id;
        secret = secretKey;
        return this;
    }

    SdkSigned sessionToken(String token) {
        sessionToken = token;
        return this;
    }

    SdkSigned region(String value) {
        region = value;
        return this;
    }

    SdkSigned service(String value) {
        service = value;
        return this;
    }

    SdkSigned at(Instant instant) {
        signedAt = instant;
        return this;
    }

    SdkSigned presigned(Duration expiresIn) {
        presignFor = expiresIn;
        return this;
    }

    /** The signed request as the server sees it. */
    ApiRequest build() {
        SdkHttpRequest signed = sign();
        Map<String, String> wire = new HashMap<>();
        // Netty strips the optional whitespace around each header line's value, then the server
        // joins the lines of a repeated header with commas.
        signed.headers().forEach((name, values) -> wire.merge(name.toLowerCase(Locale.ROOT),
                String.join(",", values.stream().map(String::strip).toList()), (a, b) -> a + "," + b));
        wire.putIfAbsent("host", host);
        String uri = signed.encodedPath() + signed.encodedQueryParameters().map(q -> "?" + q).orElse("");
        return request(method, uri, wire, body);
    }

    static ApiRequest request(String method, String uri, Map<String, String> headers, byte[] body) {
        QueryStringDecoder query = new QueryStringDecoder(uri);
        int q = uri.indexOf('?');
        return new ApiRequest(method, query.rawPath(), q < 0 ? "" : uri.substring(q + 1), Map.copyOf(headers),
                query.parameters(), body);
    }

    /** A copy of a request with one header replaced (null: removed). */
    static ApiRequest withHeader(ApiRequest request, String name, String value) {
        Map<String, String> headers = new HashMap<>(request.headers());
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return new ApiRequest(request.method(), request.path(), request.rawQuery(), headers, request.queryParameters(),
                request.body());
    }

    static ApiRequest withBody(ApiRequest request, String body) {
        return new ApiRequest(request.method(), request.path(), request.rawQuery(), request.headers(),
                request.queryParameters(), body.getBytes(StandardCharsets.UTF_8));
    }

    static ApiRequest withUri(ApiRequest request, String uri) {
        ApiRequest moved = request(request.method(), uri, request.headers(), request.body());
        return moved;
    }

    /**
     * The signed request for java.net.http, to {@code endpoint} (the host this was signed for),
     * carrying {@code sentBody} (normally the signed body). Host and Content-Length are left to the
     * HTTP client, which sets them as signed.
     */
    java.net.http.HttpRequest http(String sentBody) {
        SdkHttpRequest signed = sign();
        String uri = "http://" + host + signed.encodedPath() + signed.encodedQueryParameters().map(q -> "?" + q).orElse("");
        byte[] bytes = sentBody.getBytes(StandardCharsets.UTF_8);
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(URI.create(uri))
                .method(method, bytes.length == 0 ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return request.build();
    }

    java.net.http.HttpRequest http() {
        return http(new String(body, StandardCharsets.UTF_8));
    }

    private SdkHttpRequest sign() {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://" + host + pathAndQuery))
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body));
        headers.forEach((name, values) -> values.forEach(value -> unsigned.appendHeader(name, value)));
        AwsCredentialsIdentity identity = sessionToken == null ? AwsBasicCredentials.create(accessKeyId, secret)
                : AwsSessionCredentials.create(accessKeyId, secret, sessionToken);
        return AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity)
                    .request(unsigned.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC));
            if (presignFor != null) {
                r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, presignFor);
            }
        }).request();
    }
}
