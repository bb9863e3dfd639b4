package steward.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.GZIPInputStream;

/**
 * The SSM service model (botocore's copy of it, shipped as a resource): the law for every
 * input shape and constraint. Loaded once; shapes are resolved lazily by name.
 */
public final class ServiceModel {
    private static final String RESOURCE = "/steward/protocol/ssm-2014-11-06.json.gz";
    /** The SSM operations only the agent calls, which the public model leaves out (Steward's own description). */
    private static final String AGENT_RESOURCE = "/steward/protocol/ssm-agent-operations.json";
    /** ec2messages, the service the agent polls for commands (Steward's own description). */
    private static final String MESSAGES_RESOURCE = "/steward/protocol/ec2messages-2015-06-19.json";

    /** A shape with the constraints the server enforces; members keep the model's order. */
    public record Shape(String name, String type, Map<String, String> members, Set<String> required,
                        BigDecimal min, BigDecimal max, Pattern pattern, String patternSource,
                        List<String> enumValues, String memberShape, String keyShape, String valueShape) {
    }

    private final Map<String, String> operationInputs;
    private final Map<String, List<String>> operationErrors;
    private final Map<String, Shape> shapes;

    private ServiceModel(Map<String, String> operationInputs, Map<String, List<String>> operationErrors,
                         Map<String, Shape> shapes) {
        this.operationInputs = operationInputs;
        this.operationErrors = operationErrors;
        this.shapes = shapes;
    }

    /** SSM: the public model and the agent's own operations. */
    public static ServiceModel load() {
        return parse(List.of(read(RESOURCE, true), read(AGENT_RESOURCE, false)));
    }

    /** ec2messages. */
    public static ServiceModel loadMessages() {
        return parse(List.of(read(MESSAGES_RESOURCE, false)));
    }

    private static JsonNode read(String resource, boolean gzipped) {
        try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new ObjectMapper().readTree(gzipped ? new GZIPInputStream(in) : in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServiceModel parse(List<JsonNode> roots) {
        Map<String, String> inputs = new HashMap<>();
        Map<String, List<String>> errors = new HashMap<>();
        Map<String, Shape> shapes = new HashMap<>();
        for (JsonNode root : roots) {
            parseInto(root, inputs, errors, shapes);
        }
        return new ServiceModel(inputs, errors, shapes);
    }

    private static void parseInto(JsonNode root, Map<String, String> inputs, Map<String, List<String>> errors,
                                  Map<String, Shape> shapes) {
        root.get("operations").properties().forEach(entry -> {
            JsonNode op = entry.getValue();
            if (op.has("input")) {
                inputs.put(entry.getKey(), op.get("input").get("shape").asText());
            }
            List<String> codes = new ArrayList<>();
            op.path("errors").forEach(e -> codes.add(e.get("shape").asText()));
            errors.put(entry.getKey(), List.copyOf(codes));
        });
        root.get("shapes").properties().forEach(entry -> {
            if (shapes.put(entry.getKey(), shape(entry.getKey(), entry.getValue())) != null) {
                throw new IllegalStateException("shape " + entry.getKey() + " is defined twice");
            }
        });
    }

    private static Shape shape(String name, JsonNode node) {
        Map<String, String> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : node.path("members").properties()) {
            members.put(member.getKey(), member.getValue().get("shape").asText());
        }
        Set<String> required = new LinkedHashSet<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        List<String> enums = new ArrayList<>();
        node.path("enum").forEach(e -> enums.add(e.asText()));
        String patternSource = node.hasNonNull("pattern") ? node.get("pattern").asText() : null;
        return new Shape(name, node.get("type").asText(), members, required,
                node.hasNonNull("min") ? node.get("min").decimalValue() : null,
                node.hasNonNull("max") ? node.get("max").decimalValue() : null,
                compile(patternSource), patternSource, List.copyOf(enums),
                node.has("member") ? node.get("member").get("shape").asText() : null,
                node.has("key") ? node.get("key").get("shape").asText() : null,
                node.has("value") ? node.get("value").get("shape").asText() : null);
    }

    private static Pattern compile(String source) {
        if (source == null) {
            return null;
        }
        try {
            return Pattern.compile(source, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            // The model's patterns are Java regexes; one that is not cannot be enforced faithfully.
            return null;
        }
    }

    public Optional<String> inputShape(String operation) {
        return Optional.ofNullable(operationInputs.get(operation));
    }

    public boolean hasOperation(String operation) {
        return operationErrors.containsKey(operation);
    }

    public List<String> declaredErrors(String operation) {
        return operationErrors.getOrDefault(operation, List.of());
    }

    public Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no shape " + name);
        }
        return shape;
    }
}
