package steward.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of the HTTP layer that are meant to be tuned; the size limits are fixed
 * ({@link HttpServer#MAX_BODY_BYTES}, {@link HttpServer#MAX_HEADER_BYTES},
 * {@link HttpServer#MAX_REQUEST_LINE_BYTES}).
 *
 * @param maxConnections connections served at once; see {@link ConnectionLimiter} for what happens
 *                       to the ones beyond
 * @param idleTimeout    how long a client may take: to send a whole request from its first byte, and
 *                       to start the next one on an idle keep-alive connection; see {@link SlowClientGuard}
 */
public record HttpLimits(int maxConnections, Duration idleTimeout) {
    /**
     * Every connected agent holds one connection open in a long GetMessages most of the time, so
     * the limit leaves room for 10,000 agents plus API clients. A held poll costs a parked virtual
     * thread and a channel's buffers, not a platform thread; the process needs a file-descriptor
     * limit above this ({@code ulimit -n}).
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 16_384;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final HttpLimits DEFAULTS = new HttpLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT);

    public HttpLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
    }

    public HttpLimits withMaxConnections(int max) {
        return new HttpLimits(max, idleTimeout);
    }

    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxConnections, timeout);
    }
}
