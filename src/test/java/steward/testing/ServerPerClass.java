package steward.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One in-process server for a whole test class, with an SDK v2 client and a control API
 * client for the default development account.
 */
public abstract class ServerPerClass {
    protected static TestServer server;
    protected static SsmClient ssm;
    protected static ControlClient control;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
        ssm = server.client();
        control = new ControlClient(server.endpoint());
    }

    @AfterAll
    static void stopServer() {
        ssm.close();
        server.close();
    }
}
