package steward.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;

/**
 * Malformed and oversized HTTP gets a 4xx in AWS's JSON error form, never a 500 and never a
 * silent drop: checked on the raw wire against the HTTP layer with a stub router.
 */
@Timeout(60)
class HostileHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws InterruptedException {
        server = new HttpServer("127.0.0.1", 0, HostileHttpTest::echo, HttpLimits.DEFAULTS.withIdleTimeout(Duration.ofSeconds(5)));
        address = server.address();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Answers 200 with what it saw. */
    static ApiResponse echo(ApiRequest request) {
        String sleep = request.header("x-sleep-ms");
        if (sleep != null) {
            try {
                Thread.sleep(Long.parseLong(sleep));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var answer = JSON.createObjectNode().put("Method", request.method()).put("Path", request.path())
                .put("BodyLength", request.body().length).put("Echo", request.header("x-echo"));
        String padding = request.header("x-answer-bytes");
        if (padding != null) {
            answer.put("Padding", "p".repeat(Integer.parseInt(padding)));
        }
        String json = answer.toString();
        return new ApiResponse(200, "application/x-amz-json-1.1", Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    static String post(String path, String body, String... headers) {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("Content-Length: ").append(body.getBytes(StandardCharsets.ISO_8859_1).length)
                .append("\r\n\r\n").append(body).toString();
    }

    /** An AWS-style error: the status, {@code __type} equal to X-Amzn-ErrorType, a Message, and Connection: close. */
    static void assertAwsError(RawHttp.Response response, int status, String type) {
        assertEquals(status, response.status(), response.body());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
        assertEquals(type, body.path("__type").asText(), response.body());
        assertEquals(type, response.header("X-Amzn-ErrorType"), response.body());
        assertTrue(body.path("Message").asText().length() > 0, response.body());
        assertEquals("application/x-amz-json-1.1", response.header("Content-Type"));
        assertNotNull(response.header("x-amzn-RequestId"));
    }

    static void assertEndsConnection(RawHttp connection, RawHttp.Response response) {
        assertEquals("close", response.header("Connection"), "the answer says the connection ends");
        assertTrue(connection.closedByServer(), "the server closes the connection after the answer");
    }

    /** One request on a fresh connection: the error, and the connection ends after it. */
    static void assertRejected(byte[] request, int status, String type) {
        assertRejected(request, status, type, address);
    }

    static void assertRejected(byte[] request, int status, String type, InetSocketAddress at) {
        try (RawHttp connection = new RawHttp(at)) {
            connection.sendQuietly(request);
            RawHttp.Response response = connection.read();
            assertAwsError(response, status, type);
            assertEndsConnection(connection, response);
        }
    }

    static void assertRejected(String request, int status, String type) {
        assertRejected(request.getBytes(StandardCharsets.ISO_8859_1), status, type);
    }

    @Test
    void wellFormedRequestsAreAnsweredOnAKeptAliveConnection() {
        try (RawHttp connection = new RawHttp(address)) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response response = connection.send(post("/", "{}")).read();
                assertEquals(200, response.status(), response.body());
                assertEquals(null, response.header("Connection"));
            }
        }
    }

    @Test
    void oversizedRequestLineIs414() {
        assertRejected("GET /" + "a".repeat(HttpServer.MAX_REQUEST_LINE_BYTES + 10) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                414, "RequestURITooLongException");
    }

    @Test
    void oversizedHeaderBlockIs431() {
        assertRejected(post("/", "{}", "X-Big: " + "b".repeat(HttpServer.MAX_HEADER_BYTES + 10)), 431,
                "RequestHeaderFieldsTooLargeException");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            many.append("X-Header-").append(i).append(": value-").append(i).append("\r\n");
        }
        assertRejected(post("/", "{}", many.toString().trim()), 431, "RequestHeaderFieldsTooLargeException");
    }

    @Test
    void headersJustUnderTheLimitAreServed() {
        try (RawHttp connection = new RawHttp(address)) {
            RawHttp.Response response = connection.send(post("/", "{}", "X-Big: " + "b".repeat(HttpServer.MAX_HEADER_BYTES - 200)))
                    .read();
            assertEquals(200, response.status(), response.body());
        }
    }

    @Test
    void malformedRequestLinesAre400() {
        for (String request : new String[] {
                "GARBAGE\r\n\r\n",
                "GET / HTTP/9.x\r\nHost: x\r\n\r\n",
                "GET / FTP/1.1\r\nHost: x\r\n\r\n",
                "G\u0001T / HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET\r\n\r\n",
                " / HTTP/1.1\r\n\r\n",
        }) {
            assertRejected(request, 400, "BadRequestException");
        }
    }

    @Test
    void invalidHeadersAre400() {
        for (String header : new String[] {
                "No colon here",
                "Bad Name: value",
                "Bad\u0001Name: value",
                ": no name",
                "X-Value: a\u0000b",
        }) {
            assertRejected(post("/", "{}", header), 400, "BadRequestException");
        }
    }

    @Test
    void invalidContentLengthIs400() {
        for (String length : new String[] {"abc", "-1", "1, 2", "99999999999999999999999"}) {
            assertRejected("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n{}", 400, "BadRequestException");
        }
    }

    @Test
    void badChunkedEncodingIs400() {
        String head = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertRejected(head + "zz\r\n{}\r\n0\r\n\r\n", 400, "BadRequestException");
        assertRejected(head + "2\r\n{}XX0\r\n\r\n", 400, "BadRequestException");
        assertRejected(head + "-5\r\nhello\r\n0\r\n\r\n", 400, "BadRequestException");
        assertRejected(head + "ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n", 400, "BadRequestException");
        assertRejected("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked, identity\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                400, "BadRequestException");
    }

    @Test
    void wellFormedChunkedBodiesAreServed() {
        try (RawHttp connection = new RawHttp(address)) {
            RawHttp.Response response = connection.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "1\r\n{\r\n1;ext=1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n").read();
            assertEquals(200, response.status(), response.body());
            assertTrue(response.body().contains("\"BodyLength\":2"), response.body());
        }
    }

    @Test
    void malformedPercentEncodingInTheUriIs400() {
        assertRejected("POST /?a=%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 400, "BadRequestException");
        assertRejected("POST /?a=%e HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 400, "BadRequestException");
    }

    @Test
    void oversizedBodyIs413AndTheAnswerSurvivesTheUnreadRest() {
        int size = 2 * HttpServer.MAX_BODY_BYTES;
        for (int i = 0; i < 5; i++) {
            try (RawHttp connection = new RawHttp(address)) {
                connection.sendQuietly(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                connection.sendQuietly(new byte[size]);
                RawHttp.Response response = connection.read();
                assertAwsError(response, 413, "RequestEntityTooLargeException");
                assertEndsConnection(connection, response);
            }
        }
    }

    @Test
    void theAnswerToAMalformedRequestSurvivesMoreInputAfterIt() {
        byte[] head = "POST / HTTP/1.1\r\nHost: x\r\nBad Header\r\nContent-Length: 2097152\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = java.util.Arrays.copyOf(head, head.length + 2 * HttpServer.MAX_BODY_BYTES);
        try (RawHttp connection = new RawHttp(address)) {
            connection.sendQuietly(request);
            RawHttp.Response response = connection.read();
            assertAwsError(response, 400, "BadRequestException");
            assertEndsConnection(connection, response);
        }
    }

    @Test
    void oversizedChunkedBodyIs413() {
        try (RawHttp connection = new RawHttp(address)) {
            connection.sendQuietly("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String chunk = Integer.toHexString(64 * 1024) + "\r\n" + "x".repeat(64 * 1024) + "\r\n";
            for (int i = 0; i < 20; i++) {
                connection.sendQuietly(chunk.getBytes(StandardCharsets.ISO_8859_1));
            }
            connection.sendQuietly("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Response response = connection.read();
            assertAwsError(response, 413, "RequestEntityTooLargeException");
            assertEndsConnection(connection, response);
        }
    }

    @Test
    void expectationsGetAwsStyleAnswers() {
        assertRejected("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " + (HttpServer.MAX_BODY_BYTES + 1)
                + "\r\n\r\n", 413, "RequestEntityTooLargeException");
        assertRejected("POST / HTTP/1.1\r\nHost: x\r\nExpect: the-unexpected\r\nContent-Length: 2\r\n\r\n{}", 417,
                "ExpectationFailedException");
        try (RawHttp connection = new RawHttp(address)) {
            connection.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
            assertEquals(100, connection.read().status());
            RawHttp.Response response = connection.send("{}").read();
            assertEquals(200, response.status(), response.body());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        try (RawHttp connection = new RawHttp(address)) {
            connection.send(post("/", "{}", "X-Echo: first", "X-Sleep-Ms: 300") + post("/", "{}", "X-Echo: second")
                    + post("/", "{}", "X-Echo: third", "X-Sleep-Ms: 100") + post("/", "{}", "X-Echo: fourth"));
            for (String expected : new String[] {"first", "second", "third", "fourth"}) {
                RawHttp.Response response = connection.read();
                assertEquals(200, response.status());
                assertTrue(response.body().contains("\"Echo\":\"" + expected + "\""), expected + " expected: " + response.body());
            }
        }
    }

    @Test
    void aBadRequestAfterGoodPipelinedOnesIsAnsweredAfterThem() {
        try (RawHttp connection = new RawHttp(address)) {
            connection.send(post("/", "{}", "X-Echo: good", "X-Sleep-Ms: 200") + "GET / HTTP/1.1\r\nBad Header\r\n\r\n");
            RawHttp.Response good = connection.read();
            assertEquals(200, good.status());
            RawHttp.Response bad = connection.read();
            assertAwsError(bad, 400, "BadRequestException");
            assertEndsConnection(connection, bad);
        }
    }

    @Test
    void http10WithoutKeepAliveIsAnsweredAndClosed() {
        try (RawHttp connection = new RawHttp(address)) {
            RawHttp.Response response = connection.send("POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}").read();
            assertEquals(200, response.status());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void connectionCloseIsHonoured() {
        try (RawHttp connection = new RawHttp(address)) {
            RawHttp.Response response = connection.send(post("/", "{}", "Connection: close")).read();
            assertEquals(200, response.status());
            assertEndsConnection(connection, response);
        }
    }

    @Test
    void aClientThatHalfClosesAfterItsRequestStillGetsTheAnswer() {
        try (RawHttp connection = new RawHttp(address)) {
            connection.send(post("/", "{}", "X-Sleep-Ms: 200"));
            connection.shutdownOutput();
            RawHttp.Response response = connection.read();
            assertEquals(200, response.status(), response.body());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void randomGarbageIsAnsweredWith4xx() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[1 + random.nextInt(300)];
            random.nextBytes(garbage);
            garbage[0] = (byte) ('A' + random.nextInt(26)); // something the decoder starts parsing
            byte[] request = new byte[garbage.length + 4];
            System.arraycopy(garbage, 0, request, 0, garbage.length);
            System.arraycopy("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, request, garbage.length, 4);
            try (RawHttp connection = new RawHttp(address)) {
                connection.sendQuietly(request);
                RawHttp.Response response = connection.read();
                assertTrue(response.status() >= 400 && response.status() < 500, "garbage #" + i + ": " + response);
                assertEquals(response.header("X-Amzn-ErrorType"), JSON.readTree(response.body()).path("__type").asText());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
