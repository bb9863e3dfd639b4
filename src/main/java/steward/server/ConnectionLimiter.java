package steward.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the connections open at once, counted from accept to close.
 * <ul>
 *   <li>Up to {@code maxConnections} connections are served.</li>
 *   <li>The next {@code maxConnections} (the overflow) are accepted, and every request on them is
 *       answered {@code 503 ThrottlingException} ("Too many open connections; retry later.",
 *       {@code Retry-After: 1}, {@code Connection: close}). An answer rather than a reset: the AWS
 *       SDKs and CLI treat a 503 throttling error as retryable and back off, while a reset in the
 *       middle of a request is an I/O error some clients do not retry. An overflow connection costs
 *       one request's worth of buffers and lives no longer than the request timeout
 *       ({@link SlowClientGuard}) plus the lingering close.</li>
 *   <li>Beyond twice the limit a connection is closed at accept, unanswered: a flood that large is
 *       not a client to be courteous to, and file descriptors and memory come first.</li>
 * </ul>
 */
final class ConnectionLimiter {
    enum Admission { SERVE, THROTTLE, REFUSE }

    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimiter(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** Counts {@code channel} as open until it closes, and says what it gets. */
    Admission admit(Channel channel) {
        int count = open.incrementAndGet();
        channel.closeFuture().addListener((ChannelFutureListener) f -> open.decrementAndGet());
        if (count <= maxConnections) {
            return Admission.SERVE;
        }
        return count <= 2L * maxConnections ? Admission.THROTTLE : Admission.REFUSE;
    }

    int open() {
        return open.get();
    }
}
