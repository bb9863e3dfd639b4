package steward.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Prometheus text format read by a real parser: the official Prometheus Python client's
 * ({@code prometheus_client.parser}, run by src/test/python/prometheus_text.py). No Java parser
 * of the text format is published by the Prometheus or Micrometer projects. The client is
 * installed into target/python-deps on first use when python3 lacks it. Skipped, like the other
 * client suites, with {@code -Dsteward.skipClients=true}.
 */
public final class PrometheusText {
    private static final String CLIENT = "prometheus-client==0.26.0";
    private static volatile boolean installed;

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public record Family(String name, String type, String help, List<Sample> samples) {
        /** The samples called {@code sampleName} whose labels include all of {@code labels}. */
        public List<Sample> samples(String sampleName, Map<String, String> labels) {
            return samples.stream().filter(s -> s.name().equals(sampleName)
                    && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        }

        /** The one sample so named and labelled; fails unless there is exactly one. */
        public double value(String sampleName, Map<String, String> labels) {
            List<Sample> found = samples(sampleName, labels);
            if (found.size() != 1) {
                throw new AssertionError("expected one sample " + sampleName + labels + " in " + name + ", found " + found);
            }
            return found.get(0).value();
        }
    }

    private PrometheusText() {
    }

    /** The families of {@code text}, by name (as the parser names them: counters without {@code _total}). */
    public static Map<String, Family> parse(String text) throws IOException, InterruptedException {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true: no Prometheus parser");
        Path deps = ensureClient();
        ProcessBuilder parser = new ProcessBuilder("python3", "src/test/python/prometheus_text.py")
                .directory(ClientProcess.projectDir().toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        parser.environment().put("PYTHONPATH", deps.toString());
        Process process = parser.start();
        try (var in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("the Prometheus parser rejected the exposition (PYTHONPATH " + deps + "):\n" + text);
        }
        Map<String, Family> families = new LinkedHashMap<>();
        for (JsonNode f : new ObjectMapper().readTree(out)) {
            List<Sample> samples = new ArrayList<>();
            for (JsonNode s : f.get("samples")) {
                Map<String, String> labels = new LinkedHashMap<>();
                s.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                JsonNode v = s.get("value");
                samples.add(new Sample(s.get("name").asText(), labels, v.isNumber() ? v.asDouble() : nonFinite(v.asText())));
            }
            families.put(f.get("name").asText(), new Family(f.get("name").asText(), f.get("type").asText(),
                    f.get("help").asText(), samples));
        }
        return families;
    }

    private static double nonFinite(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }

    private static Path ensureClient() throws IOException, InterruptedException {
        Path deps = ClientProcess.projectDir().resolve("target/python-deps");
        if (!installed) {
            synchronized (PrometheusText.class) {
                if (!installed && run(List.of("python3", "-c", "import prometheus_client"), deps) != 0) {
                    int code = run(List.of("python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                            "--target", deps.toString(), CLIENT), deps);
                    if (code != 0) {
                        throw new AssertionError("could not install " + CLIENT + " into " + deps);
                    }
                }
                installed = true;
            }
        }
        return deps;
    }

    private static int run(List<String> command, Path deps) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PYTHONPATH", deps.toString());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
