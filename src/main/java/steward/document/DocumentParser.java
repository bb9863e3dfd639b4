package steward.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import steward.protocol.Json;

/** Reads a document's JSON content into a {@link Document}. */
final class DocumentParser {

    /** Declared in the order AWS lists PlatformTypes: Windows, Linux, MacOS. */
    enum Platform { Windows, Linux, MacOS }

    /** Where each plugin can run when a step names no precondition (SSM skips it elsewhere). */
    private static final Map<String, Set<Platform>> PLUGIN_PLATFORMS = Map.of(
            "aws:runShellScript", EnumSet.of(Platform.Linux, Platform.MacOS),
            "aws:runPowerShellScript", EnumSet.of(Platform.Windows, Platform.Linux));

    private DocumentParser() {
    }

    static Document parse(String name, String documentType, Instant createdDate, String content) {
        JsonNode root = readTree(name, content);
        List<DocumentStep> steps = steps(root);
        return new Document(
                name,
                documentType,
                root.path("schemaVersion").asText(),
                root.path("description").asText(),
                parameters(root.path("parameters")),
                steps,
                platformTypes(steps),
                createdDate,
                content,
                sha256(content));
    }

    static JsonNode readTree(String name, String content) {
        try {
            return Json.MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("document " + name + " is not valid JSON", e);
        }
    }

    private static List<DocumentParameter> parameters(JsonNode declared) {
        List<DocumentParameter> parameters = new ArrayList<>();
        declared.properties().forEach(entry -> {
            JsonNode spec = entry.getValue();
            List<String> allowed = new ArrayList<>();
            spec.path("allowedValues").forEach(v -> allowed.add(v.asText()));
            parameters.add(new DocumentParameter(
                    entry.getKey(),
                    spec.path("type").asText(),
                    spec.path("description").asText(null),
                    spec.get("default"),
                    allowed,
                    spec.path("allowedPattern").asText(null)));
        });
        return parameters;
    }

    private static List<DocumentStep> steps(JsonNode root) {
        List<DocumentStep> steps = new ArrayList<>();
        if (root.has("mainSteps")) {
            for (JsonNode step : root.get("mainSteps")) {
                steps.add(new DocumentStep(
                        step.path("action").asText(),
                        step.path("name").asText(),
                        preconditionPlatform(step.path("precondition")),
                        step.path("inputs")));
            }
            return steps;
        }
        // Schema 1.2: runtimeConfig maps each plugin to its properties, a list or a single object.
        root.path("runtimeConfig").properties().forEach(plugin -> {
            JsonNode properties = plugin.getValue().path("properties");
            if (properties.isArray()) {
                properties.forEach(p -> steps.add(new DocumentStep(plugin.getKey(), plugin.getKey(), null, p)));
            } else {
                steps.add(new DocumentStep(plugin.getKey(), plugin.getKey(), null, properties));
            }
        });
        return steps;
    }

    private static String preconditionPlatform(JsonNode precondition) {
        JsonNode equals = precondition.path("StringEquals");
        if (equals.size() == 2 && "platformType".equals(equals.get(0).asText())) {
            return equals.get(1).asText();
        }
        return null;
    }

    private static List<String> platformTypes(List<DocumentStep> steps) {
        EnumSet<Platform> platforms = EnumSet.noneOf(Platform.class);
        for (DocumentStep step : steps) {
            if (step.platformType() != null) {
                platforms.add(Platform.valueOf(step.platformType()));
            } else {
                platforms.addAll(PLUGIN_PLATFORMS.getOrDefault(step.action(), EnumSet.allOf(Platform.class)));
            }
        }
        return platforms.stream().map(Enum::name).toList();
    }

    static String sha256(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
