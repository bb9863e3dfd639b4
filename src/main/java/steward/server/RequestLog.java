package steward.server;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import steward.metrics.Metrics;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;

/**
 * One log line and one metric sample per answered request: the operation (or the control
 * API's route), HTTP status, AWS error code, latency, request id and account. Nothing else of
 * the request is read: no header (so never a signature or a session token), no body, no query.
 * The operators' own endpoints ({@code /metrics}, {@code /health}, {@code /ready}) are polled
 * every few seconds, so they are logged at debug and not counted.
 */
final class RequestLog implements RequestObserver {
    static final String LOGGER = "steward.request";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Metrics metrics;

    RequestLog(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void answered(ApiRequest request, ApiResponse response, long nanos) {
        boolean operator = request != null && OperatorEndpoints.handles(request.path());
        String operation = response.operation() != null ? response.operation()
                : request == null ? "-" : operator ? request.method() + " " + request.path() : "Unknown";
        String errorCode = response.headers().get("X-Amzn-ErrorType");
        if (!operator) {
            metrics.requestCompleted(operation, response.status(), errorCode, Duration.ofNanos(nanos));
        }
        Level level = operator ? Level.DEBUG : Level.INFO;
        if (!LOG.isEnabledForLevel(level)) {
            return;
        }
        LOG.atLevel(level)
                .addKeyValue("operation", operation)
                .addKeyValue("status", response.status())
                .addKeyValue("error_code", errorCode == null ? "-" : errorCode)
                .addKeyValue("latency_ms", Math.round(nanos / 1e3) / 1e3)
                .addKeyValue("request_id", orDash(response.headers().get("x-amzn-RequestId")))
                .addKeyValue("account", orDash(response.accountId()))
                .log("answered");
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
