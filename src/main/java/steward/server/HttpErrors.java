package steward.server;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import steward.protocol.ApiResponse;
import steward.protocol.AwsJsonDispatcher;

/**
 * The answers of the HTTP layer itself, in AWS's JSON error form ({@code __type}, {@code Message},
 * {@code X-Amzn-ErrorType}), each with {@code Connection: close}: after any of them the connection
 * is not reused, because the request stream can no longer be trusted to be in step.
 */
final class HttpErrors {
    static final String BAD_REQUEST = "BadRequestException";
    static final String REQUEST_TOO_LARGE = "RequestEntityTooLargeException";
    static final String HEADERS_TOO_LARGE = "RequestHeaderFieldsTooLargeException";
    static final String URI_TOO_LONG = "RequestURITooLongException";
    static final String TIMEOUT = "RequestTimeoutException";
    static final String EXPECTATION_FAILED = "ExpectationFailedException";
    static final String THROTTLING = "ThrottlingException";
    static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    private static final int MAX_DETAIL = 200;

    private HttpErrors() {
    }

    /** An answer written by the HTTP layer itself, before any request reached the router; {@code observer} is told of it. */
    static FullHttpResponse response(int status, String code, String message, RequestObserver observer) {
        ApiResponse error = error(status, code, message);
        try {
            observer.answered(null, error, 0);
        } catch (RuntimeException ignored) {
            // The log and the metrics never stop an answer.
        }
        return RequestHandler.toNetty(error, false);
    }

    static ApiResponse error(int status, String code, String message) {
        return AwsJsonDispatcher.error(UUID.randomUUID().toString(), status, code, message);
    }

    static ApiResponse throttled() {
        ApiResponse error = error(503, THROTTLING, "Too many open connections; retry later.");
        Map<String, String> headers = new HashMap<>(error.headers());
        headers.put("Retry-After", "1");
        return new ApiResponse(error.status(), error.contentType(), Map.copyOf(headers), error.body());
    }

    /** What a request gets once the server has begun to stop: retry, against another server or after the restart. */
    static ApiResponse shuttingDown() {
        ApiResponse error = error(503, SERVICE_UNAVAILABLE, "Steward is shutting down; retry later.");
        Map<String, String> headers = new HashMap<>(error.headers());
        headers.put("Retry-After", "1");
        return new ApiResponse(error.status(), error.contentType(), Map.copyOf(headers), error.body());
    }

    /** What a request the HTTP decoder could not parse gets: 414, 431 or 400, with the decoder's reason. */
    static ApiResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return error(414, URI_TOO_LONG, "The request line exceeds the limit of " + HttpServer.MAX_REQUEST_LINE_BYTES
                    + " bytes.");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return error(431, HEADERS_TOO_LARGE, "The request headers exceed the limit of " + HttpServer.MAX_HEADER_BYTES
                    + " bytes.");
        }
        return error(400, BAD_REQUEST, "Malformed HTTP request" + detail(cause) + ".");
    }

    static String detail(Throwable cause) {
        String message = cause == null ? null : cause.getMessage();
        if (message == null || message.isBlank()) {
            return "";
        }
        message = message.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return ": " + (message.length() > MAX_DETAIL ? message.substring(0, MAX_DETAIL) + "..." : message);
    }
}
