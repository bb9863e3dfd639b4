package steward.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import steward.protocol.ModelProbeMutation.Step;

/**
 * Walks an operation's input shape in the raw SSM model (structures, the first element of each
 * list, one entry of each map) and turns every constraint into a violating probe and one or
 * more boundary probes, each a single mutation of a hand-written valid base request.
 */
final class ModelProbeGenerator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 16;

    /**
     * A probe. For a violation, {@code expected} is the fragment the ValidationException message
     * must contain; when the value breaks that one rule only, {@code single} is set and
     * {@code exact} (if known) is the whole message after {@code "1 validation error detected: "}.
     */
    record Probe(String operation, String name, boolean violation, ModelProbeMutation mutation, String expected,
                 boolean single, String exact) {
    }

    /** Coverage of one constraint (one member path and one kind of rule). */
    static final class Constraint {
        final String id;
        int violations;
        int boundaries;
        final List<String> skips = new ArrayList<>();

        Constraint(String id) {
            this.id = id;
        }

        boolean covered() {
            return violations > 0 && boundaries > 0;
        }
    }

    private final JsonNode shapes;

    ModelProbeGenerator(JsonNode model) {
        this.shapes = model.get("shapes");
    }

    /** A minimally valid value of a shape: required members only, the fewest list and map entries. */
    JsonNode minimal(String shapeName) {
        JsonNode shape = shape(shapeName);
        return switch (shape.get("type").asText()) {
            case "structure" -> {
                ObjectNode object = NODES.objectNode();
                for (JsonNode required : shape.path("required")) {
                    object.set(required.asText(), minimal(shape.get("members").get(required.asText()).get("shape").asText()));
                }
                yield object;
            }
            case "list" -> {
                ArrayNode list = NODES.arrayNode();
                String member = shape.get("member").get("shape").asText();
                for (int i = 0; i < shape.path("min").asInt(0); i++) {
                    list.add(element(member, null, i));
                }
                yield list;
            }
            case "map" -> mapOf(shape, null, shape.path("min").asInt(0));
            case "string" -> TextNode.valueOf(strings(shape).natural().orElse("a"));
            case "integer", "long" -> {
                if (shape.has("min")) {
                    yield NODES.numberNode(shape.get("min").asLong());
                }
                yield NODES.numberNode(shape.has("max") ? Math.min(1, shape.get("max").asLong()) : 1L);
            }
            case "float", "double" -> NODES.numberNode(shape.has("min") ? shape.get("min").asDouble() : 1.0);
            case "boolean" -> NODES.booleanNode(false);
            case "timestamp" -> NODES.numberNode(1_700_000_000L);
            case "blob" -> TextNode.valueOf("AA==");
            default -> NODES.nullNode();
        };
    }

    List<Probe> probes(String operation, String inputShape, ObjectNode base, Map<String, Constraint> coverage) {
        Walk walk = new Walk(operation, coverage);
        walk.structure(inputShape, List.of(), "", base, 0);
        return walk.probes;
    }

    private final class Walk {
        private final String operation;
        private final Map<String, Constraint> coverage;
        private final List<Probe> probes = new ArrayList<>();

        Walk(String operation, Map<String, Constraint> coverage) {
            this.operation = operation;
            this.coverage = coverage;
        }

        void structure(String shapeName, List<Step> location, String path, JsonNode base, int depth) {
            JsonNode shape = shape(shapeName);
            List<String> required = new ArrayList<>();
            shape.path("required").forEach(r -> required.add(r.asText()));
            for (Iterator<Map.Entry<String, JsonNode>> it = shape.path("members").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String memberShape = member.getValue().get("shape").asText();
                List<Step> memberLocation = append(location, Step.field(member.getKey(), memberShape));
                String memberPath = path.isEmpty() ? lowerCamel(member.getKey()) : path + "." + lowerCamel(member.getKey());
                if (required.contains(member.getKey())) {
                    Constraint c = constraint(memberPath + " required");
                    String message = "Value null at '" + memberPath + "' failed to satisfy constraint: Member must not be null";
                    violation(c, memberPath + " required:missing", ModelProbeMutation.remove(memberLocation),
                            message, true, message);
                    boundary(c, memberPath + " required:present", ModelProbeMutation.ensure(memberLocation));
                }
                value(memberShape, memberLocation, memberPath, base == null ? null : base.get(member.getKey()), depth + 1);
            }
        }

        void value(String shapeName, List<Step> location, String path, JsonNode base, int depth) {
            if (depth > MAX_DEPTH) {
                return;
            }
            JsonNode shape = shape(shapeName);
            switch (shape.get("type").asText()) {
                case "structure" -> structure(shapeName, location, path, base, depth);
                case "string" -> strings(shape, v -> ModelProbeMutation.set(location, TextNode.valueOf(v)), v -> path);
                case "integer", "long" -> range(shape, location, path);
                case "list" -> {
                    String member = shape.get("member").get("shape").asText();
                    sizes(shape, location, path, n -> listOf(member, base, n));
                    JsonNode first = base != null && base.size() > 0 ? base.get(0) : null;
                    value(member, append(location, Step.index(0, member)), path + ".1.member", first, depth + 1);
                }
                case "map" -> {
                    sizes(shape, location, path, n -> mapOf(shape, base, n));
                    String keyShape = shape.get("key").get("shape").asText();
                    String valueShape = shape.get("value").get("shape").asText();
                    String key = base != null && base.size() > 0 ? base.fieldNames().next() : distinctKey(keyShape, 0);
                    List<Step> keyLocation = append(location, Step.mapKey(key, valueShape));
                    strings(shape(keyShape), v -> ModelProbeMutation.renameKey(keyLocation, v), v -> path + "." + v + ".key");
                    value(valueShape, append(location, Step.mapValue(key, valueShape)), path + "." + key + ".value",
                            base == null ? null : base.get(key), depth + 1);
                }
                default -> {
                }
            }
        }

        private void strings(JsonNode shape, Function<String, ModelProbeMutation> at, Function<String, String> pathOf) {
            ModelProbeStrings forge = ModelProbeGenerator.this.strings(shape);
            if (shape.path("min").asInt(0) > 0) {
                int min = shape.get("min").asInt();
                String bad = forge.ofLengthPreferablyMatching(min - 1);
                Constraint c = constraint(pathOf.apply("<v>") + " length-min");
                stringViolation(c, pathOf.apply(bad) + " length<min", at.apply(bad), bad, pathOf.apply(bad),
                        "Member must have length greater than or equal to " + min, forge.matchesPattern(bad) && forge.inEnum(bad));
                Optional<String> good = forge.exactly(min);
                good.ifPresentOrElse(g -> boundary(c, pathOf.apply(g) + " length=min", at.apply(g)),
                        () -> c.skips.add("no pattern-valid string of length " + min));
            }
            if (shape.has("max")) {
                int max = shape.get("max").asInt();
                String bad = forge.ofLengthPreferablyMatching(max + 1);
                Constraint c = constraint(pathOf.apply("<v>") + " length-max");
                stringViolation(c, pathOf.apply(bad.length() > 20 ? "<" + bad.length() + " chars>" : bad) + " length>max",
                        at.apply(bad), bad, pathOf.apply(bad), "Member must have length less than or equal to " + max,
                        forge.matchesPattern(bad) && forge.inEnum(bad));
                Optional<String> good = forge.exactly(max);
                good.ifPresentOrElse(g -> boundary(c, pathOf.apply(g.length() > 20 ? "<" + g.length() + " chars>" : g) + " length=max", at.apply(g)),
                        () -> c.skips.add("no pattern-valid string of length " + max));
            }
            if (shape.hasNonNull("pattern")) {
                String source = shape.get("pattern").asText();
                Constraint c = constraint(pathOf.apply("<v>") + " pattern");
                forge.violatingPattern().ifPresentOrElse(
                        bad -> stringViolation(c, pathOf.apply(bad) + " pattern:violated", at.apply(bad), bad, pathOf.apply(bad),
                                "Member must satisfy regular expression pattern: " + source, forge.inEnum(bad)),
                        () -> c.skips.add("no pattern-violating string within the length bounds"));
                forge.natural().filter(forge::valid).ifPresentOrElse(
                        good -> boundary(c, pathOf.apply(good) + " pattern:matched", at.apply(good)),
                        () -> c.skips.add("no pattern-valid string"));
            }
            if (shape.has("enum")) {
                List<String> values = new ArrayList<>();
                shape.get("enum").forEach(e -> values.add(e.asText()));
                Constraint c = constraint(pathOf.apply("<v>") + " enum");
                forge.violatingEnum().ifPresentOrElse(
                        bad -> stringViolation(c, pathOf.apply(bad) + " enum:bogus", at.apply(bad), bad, pathOf.apply(bad),
                                "Member must satisfy enum value set: [" + String.join(", ", values) + "]", true),
                        () -> c.skips.add("no value outside the enum"));
                for (String v : values) {
                    boundary(c, pathOf.apply(v) + " enum=" + v, at.apply(v));
                }
            }
        }

        private void range(JsonNode shape, List<Step> location, String path) {
            if (shape.has("min")) {
                long min = shape.get("min").asLong();
                Constraint c = constraint(path + " value-min");
                String message = "Value '" + (min - 1) + "' at '" + path
                        + "' failed to satisfy constraint: Member must have value greater than or equal to " + min;
                violation(c, path + " value<min", ModelProbeMutation.set(location, NODES.numberNode(min - 1)), message, true, message);
                boundary(c, path + " value=min", ModelProbeMutation.set(location, NODES.numberNode(min)));
            }
            if (shape.has("max")) {
                long max = shape.get("max").asLong();
                Constraint c = constraint(path + " value-max");
                String message = "Value '" + (max + 1) + "' at '" + path
                        + "' failed to satisfy constraint: Member must have value less than or equal to " + max;
                violation(c, path + " value>max", ModelProbeMutation.set(location, NODES.numberNode(max + 1)), message, true, message);
                boundary(c, path + " value=max", ModelProbeMutation.set(location, NODES.numberNode(max)));
            }
        }

        private void sizes(JsonNode shape, List<Step> location, String path, Function<Integer, JsonNode> ofSize) {
            if (shape.path("min").asInt(0) > 0) {
                int min = shape.get("min").asInt();
                Constraint c = constraint(path + " size-min");
                violation(c, path + " size<min", ModelProbeMutation.set(location, ofSize.apply(min - 1)),
                        "at '" + path + "' failed to satisfy constraint: Member must have length greater than or equal to " + min,
                        true, null);
                boundary(c, path + " size=min", ModelProbeMutation.set(location, ofSize.apply(min)));
            }
            if (shape.has("max")) {
                int max = shape.get("max").asInt();
                Constraint c = constraint(path + " size-max");
                violation(c, path + " size>max", ModelProbeMutation.set(location, ofSize.apply(max + 1)),
                        "at '" + path + "' failed to satisfy constraint: Member must have length less than or equal to " + max,
                        true, null);
                boundary(c, path + " size=max", ModelProbeMutation.set(location, ofSize.apply(max)));
            }
        }

        private Constraint constraint(String id) {
            return coverage.computeIfAbsent(operation + " " + id, Constraint::new);
        }

        private void stringViolation(Constraint c, String name, ModelProbeMutation mutation, String value, String path,
                                     String rule, boolean single) {
            String message = "Value '" + value + "' at '" + path + "' failed to satisfy constraint: " + rule;
            violation(c, name, mutation, message, single, message);
        }

        private void violation(Constraint c, String name, ModelProbeMutation mutation, String expected, boolean single,
                               String exact) {
            c.violations++;
            probes.add(new Probe(operation, operation + " " + name, true, mutation, expected, single, single ? exact : null));
        }

        private void boundary(Constraint c, String name, ModelProbeMutation mutation) {
            c.boundaries++;
            probes.add(new Probe(operation, operation + " " + name, false, mutation, null, false, null));
        }
    }

    /** A list of {@code n} valid elements: the base's first element repeated, or distinct minimal ones. */
    private ArrayNode listOf(String member, JsonNode base, int n) {
        ArrayNode list = NODES.arrayNode();
        JsonNode first = base != null && base.size() > 0 ? base.get(0) : null;
        for (int i = 0; i < n; i++) {
            list.add(element(member, first, i));
        }
        return list;
    }

    private JsonNode element(String member, JsonNode template, int i) {
        JsonNode shape = shape(member);
        if ("string".equals(shape.get("type").asText()) && shape.path("enum").isEmpty()) {
            return TextNode.valueOf(distinctKey(member, i));
        }
        return template != null ? template.deepCopy() : minimal(member);
    }

    private ObjectNode mapOf(JsonNode shape, JsonNode base, int n) {
        String keyShape = shape.get("key").get("shape").asText();
        String valueShape = shape.get("value").get("shape").asText();
        JsonNode value = base != null && base.size() > 0 ? base.elements().next() : minimal(valueShape);
        ObjectNode map = NODES.objectNode();
        for (int i = 0; i < n; i++) {
            map.set(distinctKey(keyShape, i), value.deepCopy());
        }
        return map;
    }

    /** The i-th of a run of distinct valid strings of a shape (falls back to repeats). */
    String distinctKey(String shapeName, int i) {
        ModelProbeStrings forge = strings(shape(shapeName));
        String natural = forge.natural().orElse("a");
        if (i == 0) {
            return natural;
        }
        Map<String, Boolean> tried = new LinkedHashMap<>();
        for (String candidate : List.of(natural + i, "k" + i, natural.substring(0, Math.max(0, natural.length() - String.valueOf(i).length())) + i,
                "a".repeat(Math.max(0, natural.length() - 1 - String.valueOf(i).length())) + "k" + i)) {
            if (tried.putIfAbsent(candidate, true) == null && forge.valid(candidate)) {
                return candidate;
            }
        }
        return natural;
    }

    ModelProbeStrings strings(JsonNode shape) {
        List<String> enums = new ArrayList<>();
        shape.path("enum").forEach(e -> enums.add(e.asText()));
        return new ModelProbeStrings(shape.hasNonNull("pattern") ? shape.get("pattern").asText() : null,
                shape.has("min") ? shape.get("min").asInt() : null,
                shape.has("max") ? shape.get("max").asInt() : null, enums);
    }

    JsonNode shape(String name) {
        JsonNode shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no shape " + name);
        }
        return shape;
    }

    private static List<Step> append(List<Step> location, Step step) {
        List<Step> longer = new ArrayList<>(location);
        longer.add(step);
        return longer;
    }

    static String lowerCamel(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
