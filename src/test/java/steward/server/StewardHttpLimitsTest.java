package steward.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/** The limits hold in a whole Steward, as started by {@link Steward#start}, not only in a bare HttpServer. */
@Timeout(60)
class StewardHttpLimitsTest {
    private static TestServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        address = new InetSocketAddress("127.0.0.1", server.endpoint().getPort());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void oversizedHeadersAndRequestLinesGetAwsStyleErrors() {
        HostileHttpTest.assertRejected(HostileHttpTest.post("/", "{}", "X-Amz-Target: AmazonSSM.ListAssociations",
                "X-Big: " + "b".repeat(HttpServer.MAX_HEADER_BYTES)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                431, "RequestHeaderFieldsTooLargeException", address);
        HostileHttpTest.assertRejected(("POST /?" + "q".repeat(HttpServer.MAX_REQUEST_LINE_BYTES) + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 414,
                "RequestURITooLongException", address);
    }

    @Test
    void malformedHttpGets400AndTheServerCarriesOn() {
        HostileHttpTest.assertRejected(("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nnot-hex\r\n{}\r\n0\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 400, "BadRequestException", address);
        assertEquals(200, new SignedHttp(server.endpoint()).call("ListAssociations", "{}").status());
    }
}
