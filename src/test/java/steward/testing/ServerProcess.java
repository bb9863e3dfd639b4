package steward.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Steward in a child JVM, started the way the launcher starts it, so a test can kill it with
 * SIGKILL and start it again on the same data directory.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    /** Output lines kept for {@link #output}; a long test's request log beyond this is dropped. */
    private static final int KEPT_LINES = 50_000;

    private final Process process;
    private final URI endpoint;
    private final List<String> lines;
    private final Thread drain;

    private ServerProcess(Process process, URI endpoint, List<String> lines, Thread drain) {
        this.process = process;
        this.endpoint = endpoint;
        this.lines = lines;
        this.drain = drain;
    }

    public static ServerProcess start(Path dataDir, String... extraArgs) {
        return start(dataDir, java.util.Map.of(), extraArgs);
    }

    /** A server with these STEWARD_* variables in its environment (and none it would inherit). */
    public static ServerProcess start(Path dataDir, java.util.Map<String, String> environment, String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "steward.server.Main", "serve", "--port", "0", "--data-dir", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("STEWARD_"));
            builder.environment().putAll(environment);
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<URI> address = CompletableFuture.supplyAsync(() -> awaitAddress(out, lines));
            URI endpoint = address.get(30, TimeUnit.SECONDS);
            Thread drain = new Thread(() -> drain(out, lines), "server-output");
            drain.setDaemon(true);
            drain.start();
            return new ServerProcess(process, endpoint, lines, drain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("server did not start", e);
        }
    }

    private static URI awaitAddress(BufferedReader out, List<String> lines) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return URI.create(m.group(1));
                }
            }
            throw new IllegalStateException("server exited before listening:\n" + String.join("\n", lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(BufferedReader out, List<String> lines) {
        try {
            String line;
            // Keep the pipe empty so the child never blocks on output.
            while ((line = out.readLine()) != null) {
                if (lines.size() < KEPT_LINES) {
                    lines.add(line);
                }
            }
        } catch (IOException ignored) {
            // The child is gone.
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** What the server has printed so far (standard output and error), line by line. */
    public List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits until the server prints a line that {@code matches}; fails with the output after {@code limit}. */
    public String awaitLine(Predicate<String> matches, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output()) {
                if (matches.test(line)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server printed no such line within " + limit + ":\n" + String.join("\n", output()));
    }

    /** SIGTERM, then waits for the exit; returns the exit code, or fails if the server is still running after {@code limit}. */
    public int terminate(Duration limit) throws InterruptedException {
        signalTerm();
        return awaitExit(limit);
    }

    /** Sends SIGTERM and returns at once. */
    public void signalTerm() {
        // Through the handle: Process.destroy() also closes the output pipe, losing what the server prints as it stops.
        process.toHandle().destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the server to exit and for everything it printed; returns the exit code. */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + limit + ":\n" + String.join("\n", output()));
        }
        drain.join(10_000);
        return process.exitValue();
    }

    /** SIGSTOP: the server stalls, holding its connections and leases, as in a very long pause. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void unpause() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed that was not already committed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
