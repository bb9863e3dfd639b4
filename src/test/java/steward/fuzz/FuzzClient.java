package steward.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Sends fuzz requests over real HTTP, signed with the SDK's SigV4 signer (secret {@code test},
 * service {@code ssm}) unless the request asks for a particular way of getting authentication
 * wrong, with a per-request timeout so that a hang is a failure rather than a stuck test.
 */
final class FuzzClient {
    static final String SECRET = "test";
    static final String REGION = "us-east-1";
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /** Ways to sign, most of them wrong on purpose. */
    enum Auth {
        PROPER, UNSIGNED, WRONG_SECRET, TAMPERED_SIGNATURE, WRONG_SERVICE, STALE, BODY_CHANGED_AFTER_SIGNING,
        GARBAGE_AUTHORIZATION, BAD_REGION
    }

    record Request(String method, String path, String target, byte[] body, String contentType, String accessKey,
                   Auth auth, Map<String, String> headers) {
        Request withAuth(Auth other) {
            return new Request(method, path, target, body, contentType, accessKey, other, headers);
        }
    }

    record Answer(int status, Map<String, String> headers, byte[] body, long millis) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** No answer: a timeout or a connection the server dropped. */
    static final class NoAnswer extends Exception {
        NoAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    FuzzClient(URI endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    Answer send(Request request) throws NoAnswer {
        URI uri = endpoint.resolve(request.path());
        Map<String, String> headers = new LinkedHashMap<>();
        if (request.contentType() != null) {
            headers.put("Content-Type", request.contentType());
        }
        if (request.target() != null) {
            headers.put("X-Amz-Target", request.target());
        }
        headers.putAll(request.headers());
        byte[] body = request.body();
        switch (request.auth()) {
            case UNSIGNED -> {
            }
            case GARBAGE_AUTHORIZATION -> headers.put("Authorization", garbageAuthorization(body));
            default -> headers.putAll(sign(request, uri, headers));
        }
        if (request.auth() == Auth.BODY_CHANGED_AFTER_SIGNING) {
            body = changed(body);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(request.method(), body.length == 0 && !request.method().equals("POST")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> answerHeaders.put(name.toLowerCase(Locale.ROOT),
                    String.join(",", values)));
            return new Answer(response.statusCode(), answerHeaders, response.body(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (HttpTimeoutException e) {
            throw new NoAnswer("no answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new NoAnswer("connection failed without an answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswer("interrupted", e);
        }
    }

    private static Map<String, String> sign(Request request, URI uri, Map<String, String> headers) {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(uri)
                .contentStreamProvider(ContentStreamProvider.fromByteArray(request.body()));
        headers.forEach(unsigned::putHeader);
        Auth auth = request.auth();
        String secret = auth == Auth.WRONG_SECRET ? "not-the-secret" : SECRET;
        String service = auth == Auth.WRONG_SERVICE ? "ec2" : "ssm";
        String region = auth == Auth.BAD_REGION ? "us-east-1/../x" : REGION;
        Clock clock = auth == Auth.STALE ? Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC)
                : Clock.systemUTC();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(request.accessKey(), secret))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(request.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> result = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && !headers.containsKey(name)) {
                result.put(name, String.join(",", values));
            }
        });
        if (auth == Auth.TAMPERED_SIGNATURE) {
            String authorization = signed.request().firstMatchingHeader("Authorization").orElseThrow();
            char last = authorization.charAt(authorization.length() - 1);
            result.put("Authorization", authorization.substring(0, authorization.length() - 1) + (last == '0' ? '1' : '0'));
        }
        return result;
    }

    private static String garbageAuthorization(byte[] body) {
        int h = java.util.Arrays.hashCode(body);
        List<String> options = List.of(
                "AWS4-HMAC-SHA256",
                "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
                "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=00",
                "AWS4-HMAC-SHA256 Credential=test/99999999/us-east-1/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=zz",
                "AWS4-HMAC-SHA256 Credential=" + "a/".repeat(200) + ", SignedHeaders=host, Signature=ab",
                "Basic dGVzdDp0ZXN0",
                "AWS4-HMAC-SHA512 Credential=test/20240101/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=ab",
                "AWS4-HMAC-SHA256 Credential=te st/20240101/us-east-1/ssm/aws4_request,SignedHeaders=host,Signature=ab,Signature=cd",
                "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/ssm/aws4_request, SignedHeaders=HOST;;;, Signature="
                        + "0".repeat(64));
        return options.get(Math.floorMod(h, options.size()));
    }

    private static byte[] changed(byte[] body) {
        if (body.length == 0) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        byte[] copy = body.clone();
        int at = copy.length / 2;
        copy[at] = (byte) (copy[at] == ' ' ? '\t' : ' ');
        return copy;
    }
}
