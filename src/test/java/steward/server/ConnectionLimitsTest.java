package steward.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Slow clients time out, slow handling does not, and connections beyond the limit are turned away. */
@Timeout(60)
class ConnectionLimitsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private HttpServer server;
    private final List<RawHttp> connections = new ArrayList<>();

    private InetSocketAddress start(HttpLimits limits) throws InterruptedException {
        server = new HttpServer("127.0.0.1", 0, HostileHttpTest::echo, limits);
        return server.address();
    }

    private RawHttp open(InetSocketAddress address) {
        RawHttp connection = new RawHttp(address);
        connections.add(connection);
        return connection;
    }

    @AfterEach
    void stop() {
        connections.forEach(RawHttp::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSlowLorisTricklingHeadersIsAnswered408AndClosed() throws Exception {
        InetSocketAddress address = start(HttpLimits.DEFAULTS.withIdleTimeout(TIMEOUT));
        RawHttp loris = open(address);
        byte[] request = "POST / HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        long started = System.nanoTime();
        int sent = 0;
        // A byte every 100 ms: a read-idle timeout of 1 s would never fire.
        while (sent < request.length && !loris.answered() && loris.sendQuietly(new byte[] {request[sent]})) {
            sent++;
            Thread.sleep(100);
        }
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(sent < request.length, "the server was still reading after " + elapsed + " ms");
        assertTrue(elapsed >= TIMEOUT.toMillis() - 100 && elapsed < 3 * TIMEOUT.toMillis(), "answered after " + elapsed + " ms");
        RawHttp.Response response = loris.read();
        HostileHttpTest.assertAwsError(response, 408, "RequestTimeoutException");
        assertTrue(loris.closedByServer());
    }

    @Test
    void aBodyThatTricklesIsCutOffToo() throws Exception {
        InetSocketAddress address = start(HttpLimits.DEFAULTS.withIdleTimeout(TIMEOUT));
        RawHttp loris = open(address);
        loris.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
        long started = System.nanoTime();
        while (!loris.answered() && loris.sendQuietly(new byte[] {' '})
                && System.nanoTime() - started < Duration.ofSeconds(10).toNanos()) {
            Thread.sleep(100);
        }
        RawHttp.Response response = loris.read();
        HostileHttpTest.assertAwsError(response, 408, "RequestTimeoutException");
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        InetSocketAddress address = start(HttpLimits.DEFAULTS.withIdleTimeout(TIMEOUT));
        RawHttp idle = open(address);
        assertEquals(200, idle.send(HostileHttpTest.post("/", "{}")).read().status());
        long started = System.nanoTime();
        idle.readTimeout(5_000);
        assertTrue(idle.closedByServer(), "an idle connection is closed");
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(elapsed >= TIMEOUT.toMillis() - 100 && elapsed < 3 * TIMEOUT.toMillis(), "closed after " + elapsed + " ms");
        RawHttp silent = open(address);
        assertTrue(silent.closedByServer(), "a connection that never sends a byte is closed too");
    }

    @Test
    void aRequestThatTakesLongerThanTheTimeoutToHandleIsStillAnswered() throws Exception {
        InetSocketAddress address = start(HttpLimits.DEFAULTS.withIdleTimeout(TIMEOUT));
        RawHttp client = open(address);
        RawHttp.Response response = client.send(HostileHttpTest.post("/", "{}", "X-Sleep-Ms: 2500")).read();
        assertEquals(200, response.status(), response.body());
        // And the connection stays usable afterwards.
        assertEquals(200, client.send(HostileHttpTest.post("/", "{}")).read().status());
    }

    @Test
    void aRequestTrickledWithinTheTimeoutIsServed() throws Exception {
        InetSocketAddress address = start(HttpLimits.DEFAULTS.withIdleTimeout(Duration.ofSeconds(3)));
        RawHttp slow = open(address);
        byte[] request = HostileHttpTest.post("/", "{}").getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : request) {
            slow.send(new byte[] {b});
            Thread.sleep(1_000 / request.length + 1);
        }
        assertEquals(200, slow.read().status());
    }

    @Test
    void aClientThatNeverReadsItsAnswersIsClosedAndItsAnswersDoNotPileUp() throws Exception {
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        server = new HttpServer("127.0.0.1", 0, request -> {
            handled.incrementAndGet();
            return HostileHttpTest.echo(request);
        }, HttpLimits.DEFAULTS.withIdleTimeout(TIMEOUT));
        RawHttp reader = open(server.address());
        // Tiny receive buffer, never read: 200 pipelined requests for 256 KiB answers each.
        String request = HostileHttpTest.post("/", "{}", "X-Answer-Bytes: 262144");
        long started = System.nanoTime();
        for (int i = 0; i < 200 && reader.sendQuietly(request.getBytes(StandardCharsets.ISO_8859_1)); i++) {
            // the server stops reading once its answers back up; the kernel buffers then fill
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, server.openConnections(), "the non-reading client is disconnected");
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(elapsed < 6 * TIMEOUT.toMillis(), "disconnected after " + elapsed + " ms");
        assertTrue(handled.get() < 100, "answers were made for " + handled.get() + " requests nobody read");
    }

    @Test
    void connectionsBeyondTheLimitGet503ThenAreRefusedAtAccept() throws Exception {
        int limit = 3;
        InetSocketAddress address = start(HttpLimits.DEFAULTS.withMaxConnections(limit));
        List<RawHttp> served = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            RawHttp connection = open(address);
            assertEquals(200, connection.send(HostileHttpTest.post("/", "{}")).read().status());
            served.add(connection);
        }
        // The overflow: answered with a retryable throttling error, then closed.
        List<RawHttp> overflow = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            overflow.add(open(address));
        }
        for (RawHttp connection : overflow) {
            RawHttp.Response response = connection.send(HostileHttpTest.post("/", "{}")).read();
            HostileHttpTest.assertAwsError(response, 503, "ThrottlingException");
            assertEquals("1", response.header("Retry-After"));
            assertEquals("close", response.header("Connection"));
        }
        // Beyond twice the limit (the overflow connections may still be lingering): closed at accept.
        RawHttp refused = open(address);
        refused.sendQuietly(HostileHttpTest.post("/", "{}").getBytes(StandardCharsets.ISO_8859_1));
        refused.readTimeout(5_000);
        assertTrue(refused.closedByServer(), "closed at accept");
        // The served ones were never disturbed.
        for (RawHttp connection : served) {
            assertEquals(200, connection.send(HostileHttpTest.post("/", "{}")).read().status());
        }
        // Once one closes, a new connection is served again.
        overflow.forEach(RawHttp::close);
        refused.close();
        served.get(0).close();
        awaitOpenConnections(limit - 1);
        RawHttp next = open(address);
        assertEquals(200, next.send(HostileHttpTest.post("/", "{}")).read().status());
    }

    @Test
    void throttledAnswersDoNotReachTheRouter() throws Exception {
        List<String> routed = java.util.Collections.synchronizedList(new ArrayList<>());
        server = new HttpServer("127.0.0.1", 0, request -> {
            routed.add(request.header("x-echo"));
            return HostileHttpTest.echo(request);
        }, HttpLimits.DEFAULTS.withMaxConnections(1));
        RawHttp first = open(server.address());
        assertEquals(200, first.send(HostileHttpTest.post("/", "{}", "X-Echo: served")).read().status());
        RawHttp second = open(server.address());
        assertEquals(503, second.send(HostileHttpTest.post("/", "{}", "X-Echo: throttled")).read().status());
        assertEquals(List.of("served"), routed);
        assertFalse(routed.contains("throttled"));
    }

    private void awaitOpenConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.openConnections() > expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(server.openConnections() <= expected, "open connections: " + server.openConnections());
    }
}
