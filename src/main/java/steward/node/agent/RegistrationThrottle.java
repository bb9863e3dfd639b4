package steward.node.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down a stream of wrong activation codes. Registration is unsigned, so the activation id
 * is the only handle: after {@value #FAILURES_ALLOWED} failures for one activation id within
 * {@link #WINDOW}, further attempts for it are refused until the window has passed, whatever
 * the code; a flood of failures across all ids ({@value #GLOBAL_FAILURES_ALLOWED} in the window)
 * refuses every registration the same way. Refusals answer {@code TooManyUpdates}, which the
 * agent backs off from and retries, so a legitimate agent caught in it still gets through.
 */
final class RegistrationThrottle {
    static final int FAILURES_ALLOWED = 5;
    static final int GLOBAL_FAILURES_ALLOWED = 200;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 10_000;

    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>();
    private final Deque<Instant> all = new ArrayDeque<>();

    synchronized boolean allowed(String activationId, Instant now) {
        prune(all, now);
        if (all.size() >= GLOBAL_FAILURES_ALLOWED) {
            return false;
        }
        Deque<Instant> recent = failures.get(activationId);
        if (recent == null) {
            return true;
        }
        prune(recent, now);
        return recent.size() < FAILURES_ALLOWED;
    }

    synchronized void failed(String activationId, Instant now) {
        all.addLast(now);
        if (!failures.containsKey(activationId) && failures.size() >= MAX_TRACKED) {
            failures.remove(failures.keySet().iterator().next());
        }
        failures.computeIfAbsent(activationId, id -> new ArrayDeque<>()).addLast(now);
    }

    private static void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
            times.removeFirst();
        }
    }
}
