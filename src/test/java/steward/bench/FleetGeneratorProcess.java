package steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link FleetGenerator} child JVM, driven line by line. */
final class FleetGeneratorProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;

    private FleetGeneratorProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts the child and sends it its configuration; {@link #awaitRegistered} waits for its agents. */
    static FleetGeneratorProcess start(ObjectNode config) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                FleetGenerator.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        FleetGeneratorProcess generator = new FleetGeneratorProcess(process);
        generator.in.println(config.toString());
        return generator;
    }

    JsonNode awaitRegistered() throws IOException {
        return answer("REGISTERED");
    }

    void reset() throws IOException {
        in.println("reset");
        answer("OK");
    }

    JsonNode stats() throws IOException {
        in.println("stats");
        return answer("STATS");
    }

    void requestHeartbeat() {
        in.println("heartbeat");
    }

    JsonNode awaitHeartbeat() throws IOException {
        return answer("HEARTBEAT");
    }

    long pid() {
        return process.pid();
    }

    private JsonNode answer(String tag) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(tag)) {
                String rest = line.substring(tag.length()).trim();
                return rest.isEmpty() ? JSON.createObjectNode() : JSON.readTree(rest);
            }
            System.err.println("generator " + process.pid() + ": " + line);
        }
        throw new IOException("generator " + process.pid() + " exited (" + tag + " awaited)");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            in.println("quit");
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
