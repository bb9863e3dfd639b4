package steward.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Shapes in botocore's model format ({@code type}, {@code members}, {@code required}, {@code min},
 * {@code max}, {@code pattern}, {@code enum}...): the SSM model from the jar, plus any synthetic
 * shapes added for Steward's control API, which follow the same rules.
 */
final class Shapes {
    static final String SSM_MODEL = "/steward/protocol/ssm-2014-11-06.json.gz";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode model;
    private final ObjectNode shapes;
    private final Map<String, Optional<Pattern>> patterns = new ConcurrentHashMap<>();
    private final Map<String, Optional<RegexSampler>> samplers = new ConcurrentHashMap<>();

    private Shapes(JsonNode model) {
        this.model = model;
        this.shapes = ((ObjectNode) model.get("shapes")).deepCopy();
    }

    static Shapes ssm() {
        try (InputStream in = Shapes.class.getResourceAsStream(SSM_MODEL)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SSM_MODEL);
            }
            return new Shapes(steward.protocol.AgentOperations.merge(JSON.readTree(new GZIPInputStream(in))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds synthetic shapes (a JSON object of name to shape), e.g. for the control API's bodies. */
    Shapes with(String syntheticShapesJson) {
        try {
            JsonNode extra = JSON.readTree(syntheticShapesJson);
            extra.properties().forEach(e -> shapes.set(e.getKey(), e.getValue()));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> operations() {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = model.get("operations").fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    Optional<String> inputShape(String operation) {
        return Optional.ofNullable(model.get("operations").get(operation).path("input").path("shape").asText(null));
    }

    List<String> declaredErrors(String operation) {
        List<String> errors = new ArrayList<>();
        model.get("operations").get(operation).path("errors").forEach(e -> errors.add(e.get("shape").asText()));
        return errors;
    }

    JsonNode shape(String name) {
        JsonNode shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no shape " + name);
        }
        return shape;
    }

    String type(String name) {
        return shape(name).get("type").asText();
    }

    /** Member name to member shape name, in model order. */
    Map<String, String> members(String structure) {
        Map<String, String> members = new LinkedHashMap<>();
        shape(structure).path("members").properties().forEach(e -> members.put(e.getKey(), e.getValue().get("shape").asText()));
        return members;
    }

    List<String> required(String structure) {
        List<String> required = new ArrayList<>();
        shape(structure).path("required").forEach(r -> required.add(r.asText()));
        return required;
    }

    String listMember(String list) {
        return shape(list).get("member").get("shape").asText();
    }

    String mapKey(String map) {
        return shape(map).get("key").get("shape").asText();
    }

    String mapValue(String map) {
        return shape(map).get("value").get("shape").asText();
    }

    Optional<BigDecimal> min(String name) {
        JsonNode min = shape(name).get("min");
        return min == null ? Optional.empty() : Optional.of(min.decimalValue());
    }

    Optional<BigDecimal> max(String name) {
        JsonNode max = shape(name).get("max");
        return max == null ? Optional.empty() : Optional.of(max.decimalValue());
    }

    List<String> enumValues(String name) {
        List<String> values = new ArrayList<>();
        shape(name).path("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The pattern compiled the way Steward compiles it (DOTALL); empty when there is none or it is not Java regex. */
    Optional<Pattern> pattern(String name) {
        return patterns.computeIfAbsent(name, n -> {
            JsonNode source = shape(n).get("pattern");
            if (source == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Pattern.compile(source.asText(), Pattern.DOTALL));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    Optional<RegexSampler> sampler(String name) {
        return samplers.computeIfAbsent(name, n -> {
            JsonNode source = shape(n).get("pattern");
            if (source == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(RegexSampler.of(source.asText()));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /** True when {@code text} satisfies every string rule of the shape: length in code points, pattern, enum. */
    boolean validString(String name, String text) {
        long length = text.codePointCount(0, text.length());
        if (min(name).map(m -> BigDecimal.valueOf(length).compareTo(m) < 0).orElse(false)
                || max(name).map(m -> BigDecimal.valueOf(length).compareTo(m) > 0).orElse(false)) {
            return false;
        }
        if (pattern(name).map(p -> !p.matcher(text).matches()).orElse(false)) {
            return false;
        }
        List<String> enums = enumValues(name);
        return enums.isEmpty() || enums.contains(text);
    }
}
