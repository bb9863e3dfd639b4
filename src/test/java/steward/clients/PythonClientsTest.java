package steward.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
        if (!skipped()) {
            server = TestServer.start();
        }
    }

    private static boolean skipped() {
        return "true".equals(System.getProperty("steward.skipClients"));
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

    private static void runUnittest(String file) throws Exception {
        Assumptions.assumeFalse(skipped(), "steward.skipClients=true: not running " + file);
        Path projectDir = Path.of(System.getProperty("steward.projectDir", ".")).toAbsolutePath();
        assertTrue(Files.isRegularFile(projectDir.resolve(file)), "no " + file + " under " + projectDir);

        ProcessBuilder builder = new ProcessBuilder(List.of("python3", "-m", "unittest", "-v", file))
                .directory(projectDir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("STEWARD_ENDPOINT", server.endpoint().toString());
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");

        long started = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close(); // nothing on stdin: a test that reads it sees EOF rather than hanging
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().daemon().name("python-output").start(() -> copy(process.getInputStream(), output));
        boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        System.out.printf("==== python3 -m unittest -v %s (%.1f s) ====%n%s%n", file,
                (System.nanoTime() - started) / 1e9, text);
        if (!finished) {
            fail(file + " did not finish within " + TIMEOUT_MINUTES + " minutes:\n" + text);
        }
        assertEquals(0, process.exitValue(), file + " failed:\n" + text);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process was killed after its timeout; what was read so far is reported
        }
    }
}
