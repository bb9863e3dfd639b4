package steward.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import steward.testing.ClientProcess;
import steward.testing.TestServer;

/**
 * Runs the Python suites under src/test/python against an in-process server: boto3 and the real
 * {@code aws} CLI, each as {@code python3 -m unittest -v FILE} with STEWARD_ENDPOINT set. Skipped
 * with {@code -Dsteward.skipClients=true} on machines without python3, boto3 or the CLI.
 */
class PythonClientsTest {
    private static final long TIMEOUT_MINUTES = 5;
    private static TestServer server;

    @BeforeAll
    static void start() {
        if (!ClientProcess.skipped()) {
            server = TestServer.start();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void boto3() throws Exception {
        runUnittest("src/test/python/test_associations_boto3.py");
    }

    @Test
    void awsCli() throws Exception {
        runUnittest("src/test/python/test_cli.py");
    }

    @Test
    void boto3Executions() throws Exception {
        runUnittest("src/test/python/test_executions_boto3.py");
    }

    @Test
    void awsCliExecutions() throws Exception {
        runUnittest("src/test/python/test_executions_cli.py");
    }

    @Test
    void boto3Compliance() throws Exception {
        runUnittest("src/test/python/test_compliance_boto3.py");
    }

    @Test
    void awsCliCompliance() throws Exception {
        runUnittest("src/test/python/test_compliance_cli.py");
    }

    @Test
    void boto3Documents() throws Exception {
        runUnittest("src/test/python/test_documents_boto3.py");
    }

    @Test
    void awsCliDocuments() throws Exception {
        runUnittest("src/test/python/test_documents_cli.py");
    }

    @Test
    void boto3Agents() throws Exception {
        runUnittest("src/test/python/test_agents_boto3.py");
    }

    @Test
    void boto3AgentCommands() throws Exception {
        runUnittest("src/test/python/test_agents_commands_boto3.py");
    }

    @Test
    void commandsThroughBoto3() throws Exception {
        runUnittest("src/test/python/test_commands_boto3.py");
    }

    @Test
    void commandsThroughTheCli() throws Exception {
        runUnittest("src/test/python/test_commands_cli.py");
    }

    /** Delivery time-outs need the server's clock moved, so this suite gets a server of its own on a manual clock. */
    @Test
    void commandTimeoutsThroughBoto3() throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true");
        try (TestServer manual = TestServer.withManualClock(java.time.Instant.parse("2027-06-01T00:00:00Z"))) {
            runUnittest("src/test/python/test_command_timeouts_boto3.py", manual);
        }
    }

    private static void runUnittest(String file) throws Exception {
        runUnittest(file, server);
    }

    private static void runUnittest(String file, TestServer server) throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true: not running " + file);
        Path projectDir = ClientProcess.projectDir();
        assertTrue(Files.isRegularFile(projectDir.resolve(file)), "no " + file + " under " + projectDir);
        ClientProcess.runAndAssertSuccess(List.of("python3", "-m", "unittest", "-v", file), projectDir,
                Map.of("STEWARD_ENDPOINT", server.endpoint().toString(), "PYTHONUNBUFFERED", "1",
                        "PYTHONDONTWRITEBYTECODE", "1"), TIMEOUT_MINUTES);
    }
}
