package steward.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import steward.auth.Authenticator;
import steward.errors.SsmException;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;
import steward.protocol.AwsJsonDispatcher;
import steward.protocol.RequestIds;

/**
 * The benchmarks' floor: {@code POST /_steward/bench/floor?bytes=N} answers N bytes of JSON
 * through the same listener, virtual threads and signature check as every request, but
 * without decoding, validating or touching the store. Only present when the server starts
 * with STEWARD_BENCH_FLOOR=1; it exists so a benchmark can compare a real operation with
 * what the HTTP layer alone can do, in the same run.
 */
final class BenchFloor {
    static final String PATH = "/_steward/bench/floor";
    private static final int MAX_BYTES = 1024 * 1024;

    private final Authenticator authenticator;
    private final Map<Integer, byte[]> bodies = new ConcurrentHashMap<>();

    BenchFloor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    static boolean enabled() {
        return "1".equals(System.getenv("STEWARD_BENCH_FLOOR"));
    }

    ApiResponse handle(ApiRequest request) {
        String requestId = RequestIds.next();
        try {
            authenticator.authenticate(request);
            String bytes = request.queryParameter("bytes");
            int size = bytes == null ? 1024 : Integer.parseInt(bytes);
            if (size < 16 || size > MAX_BYTES) {
                throw SsmException.validation("bytes must be between 16 and " + MAX_BYTES);
            }
            return new ApiResponse(200, AwsJsonDispatcher.CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
                    bodies.computeIfAbsent(size, BenchFloor::body));
        } catch (NumberFormatException e) {
            return AwsJsonDispatcher.error(requestId, SsmException.validation("bytes must be a number"));
        } catch (SsmException e) {
            return AwsJsonDispatcher.error(requestId, e);
        }
    }

    /** A JSON object of exactly {@code size} bytes: {"Floor":"xxxx..."}. */
    private static byte[] body(int size) {
        String prefix = "{\"Floor\":\"";
        String suffix = "\"}";
        return (prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix).getBytes(StandardCharsets.UTF_8);
    }
}
