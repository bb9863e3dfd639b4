package steward.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client suite in another language (python3, node) as a child process, prints its output
 * into the surefire report, and fails the test with that output when the suite fails or hangs.
 */
public final class ClientProcess {
    private ClientProcess() {
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("steward.projectDir", ".")).toAbsolutePath();
    }

    public static boolean skipped() {
        return "true".equals(System.getProperty("steward.skipClients"));
    }

    public static void runAndAssertSuccess(List<String> command, Path directory, Map<String, String> environment,
                                           long timeoutMinutes) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close(); // nothing on stdin: a suite that reads it sees EOF rather than hanging
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().daemon().name("client-output").start(() -> copy(process.getInputStream(), output));
        boolean finished = process.waitFor(timeoutMinutes, TimeUnit.MINUTES);
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
        String name = String.join(" ", command);
        System.out.printf("==== %s (%.1f s) ====%n%s%n", name, (System.nanoTime() - started) / 1e9, text);
        if (!finished) {
            fail(name + " did not finish within " + timeoutMinutes + " minutes:\n" + text);
        }
        assertEquals(0, process.exitValue(), name + " failed:\n" + text);
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
