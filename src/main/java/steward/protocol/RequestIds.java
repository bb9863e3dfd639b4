package steward.protocol;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * x-amzn-RequestId values: version-4-shaped UUIDs from a thread-local generator. A request id
 * identifies, it protects nothing, and UUID.randomUUID's shared SecureRandom showed up in the
 * profile of every request.
 */
public final class RequestIds {
    private RequestIds() {
    }

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
