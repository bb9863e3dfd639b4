package steward.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Steward server of the fleet benchmark, started by the {@code ./steward} launcher (its JVM
 * options, its heap) so that what /proc says of the process is what a user's server costs:
 * resident memory, its peak, CPU time, and sockets open.
 */
final class FleetServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String name;
    final Process process;
    final URI endpoint;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    private FleetServer(String name, Process process, URI endpoint) {
        this.name = name;
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts ({@code start}) or dumps and stops a JFR recording in the server with jcmd, when
     * {@code FLEET_JFR} names a folder: the profile of one phase, {@code FLEET_JFR/server-NAME-PHASE.jfr}.
     */
    void profile(String phase, boolean start) {
        String folder = System.getenv("FLEET_JFR");
        if (folder == null) {
            return;
        }
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        List<String> command = start
                ? List.of(jcmd, String.valueOf(process.pid()), "JFR.start", "name=" + phase, "settings=profile")
                : List.of(jcmd, String.valueOf(process.pid()), "JFR.stop", "name=" + phase,
                        "filename=" + Path.of(folder, "server-" + name + "-" + phase + ".jfr").toAbsolutePath());
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code ./steward serve --port 0 ARGS...} with the request log off and these STEWARD_* variables. */
    static FleetServer start(String name, Map<String, String> environment, String... args) throws Exception {
        Path root = Path.of(System.getProperty("user.dir"));
        List<String> command = new ArrayList<>(List.of(root.resolve("steward").toString(), "serve", "--port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("STEWARD_"));
        builder.environment().put("STEWARD_LOG_LEVEL", "warn");
        String javaOpts = System.getenv("FLEET_SERVER_JAVA_OPTS");
        if (javaOpts != null) {
            builder.environment().put("STEWARD_JAVA_OPTS", javaOpts);
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> early = Collections.synchronizedList(new ArrayList<>());
        URI endpoint = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    early.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return URI.create(m.group(1));
                    }
                }
            } catch (IOException e) {
                // below
            }
            throw new IllegalStateException("server " + name + " did not start:\n" + String.join("\n", early));
        }).get(120, TimeUnit.SECONDS);
        FleetServer server = new FleetServer(name, process, endpoint);
        server.output.addAll(early);
        Thread.ofPlatform().daemon().name("fleet-server-" + name).start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (server.output.size() < 10_000) {
                        server.output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // gone
            }
        });
        return server;
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory now and at its peak, in KiB, from /proc/PID/status. */
    long[] memoryKiB() {
        long rss = 0;
        long hwm = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return new long[] {0, 0};
        }
        return new long[] {rss, hwm};
    }

    /** User plus system CPU time so far, in seconds (utime and stime of /proc/PID/stat, at 100 ticks a second). */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3; utime and stime are fields 14 and 15.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Socket file descriptors open in the process: its connections, plus the listening socket. */
    int sockets() {
        int count = 0;
        try (var fds = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        count++;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return count;
    }

    /** One gauge of /metrics (its first sample), or -1. */
    double metric(String name) {
        try {
            String text = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(text);
            return m.find() ? Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** GetMessages held open now (the gauge's name before and after main's metrics change). */
    double polls() {
        double open = metric("steward_long_polls_open");
        return open >= 0 ? open : metric("steward_agents_polls");
    }

    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
