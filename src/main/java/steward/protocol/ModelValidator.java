package steward.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.ServiceModel.Shape;

/**
 * Checks a request body against its input shape the way AWS's front end does: a member of the
 * wrong JSON type stops at once with {@code SerializationException}; every constraint violation
 * (required, length, pattern, range, enum, list and map size) is collected and reported
 * together as one {@code ValidationException} in AWS's message form, member paths in
 * lowerCamelCase and list elements as {@code targets.1.member.key}. JSON nulls count as absent.
 */
public final class ModelValidator {
    private static final int MAX_REPORTED = 10;

    private final ServiceModel model;

    public ModelValidator(ServiceModel model) {
        this.model = model;
    }

    public void validate(String inputShape, JsonNode body) {
        List<String> violations = new ArrayList<>();
        checkStructure(model.shape(inputShape), body, "", violations);
        if (!violations.isEmpty()) {
            int count = violations.size();
            String detail = violations.stream().limit(MAX_REPORTED).collect(Collectors.joining("; "));
            throw SsmException.validation(count + " validation error" + (count == 1 ? "" : "s") + " detected: " + detail);
        }
    }

    private void checkStructure(Shape shape, JsonNode node, String path, List<String> violations) {
        for (Map.Entry<String, String> member : shape.members().entrySet()) {
            String memberPath = join(path, lowerCamel(member.getKey()));
            JsonNode value = node.get(member.getKey());
            if (value == null || value.isNull()) {
                if (shape.required().contains(member.getKey())) {
                    violations.add("Value null at '" + memberPath + "' failed to satisfy constraint: Member must not be null");
                }
                continue;
            }
            check(model.shape(member.getValue()), value, memberPath, violations);
        }
    }

    private void check(Shape shape, JsonNode value, String path, List<String> violations) {
        switch (shape.type()) {
            case "structure" -> {
                expect(value.isObject(), shape, path, value);
                checkStructure(shape, value, path, violations);
            }
            case "list" -> {
                expect(value.isArray(), shape, path, value);
                checkSize(shape, value.size(), path, value, violations);
                Shape member = model.shape(shape.memberShape());
                for (int i = 0; i < value.size(); i++) {
                    JsonNode element = value.get(i);
                    String elementPath = path + "." + (i + 1) + ".member";
                    if (element.isNull()) {
                        violations.add("Value null at '" + elementPath + "' failed to satisfy constraint: Member must not be null");
                    } else {
                        check(member, element, elementPath, violations);
                    }
                }
            }
            case "map" -> {
                expect(value.isObject(), shape, path, value);
                checkSize(shape, value.size(), path, value, violations);
                Shape keyShape = model.shape(shape.keyShape());
                Shape valueShape = model.shape(shape.valueShape());
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    String entryPath = path + "." + entry.getKey();
                    checkString(keyShape, entry.getKey(), entryPath + ".key", violations);
                    if (entry.getValue().isNull()) {
                        violations.add("Value null at '" + entryPath + ".value' failed to satisfy constraint: Member must not be null");
                    } else {
                        check(valueShape, entry.getValue(), entryPath + ".value", violations);
                    }
                }
            }
            case "string" -> {
                expect(value.isTextual(), shape, path, value);
                checkString(shape, value.textValue(), path, violations);
            }
            case "integer", "long" -> {
                expect(value.isIntegralNumber() && fits(shape.type(), value), shape, path, value);
                checkRange(shape, value.decimalValue(), path, violations);
            }
            case "float", "double" -> {
                expect(value.isNumber(), shape, path, value);
                checkRange(shape, value.decimalValue(), path, violations);
            }
            case "boolean" -> expect(value.isBoolean(), shape, path, value);
            case "timestamp" -> expect(value.isNumber(), shape, path, value);
            case "blob" -> expect(value.isTextual(), shape, path, value);
            default -> {
                // Shapes the model may add later (document, union) are accepted as sent.
            }
        }
    }

    private static boolean fits(String type, JsonNode value) {
        return "long".equals(type) ? value.canConvertToLong() : value.canConvertToInt();
    }

    private static void expect(boolean ok, Shape shape, String path, JsonNode value) {
        if (!ok) {
            throw new SsmException(ErrorCodes.SERIALIZATION,
                    "Unexpected " + jsonType(value) + " at '" + path + "': expected " + shape.type());
        }
    }

    private void checkString(Shape shape, String text, String path, List<String> violations) {
        int length = text.codePointCount(0, text.length());
        checkSize(shape, length, path, text, violations);
        if (shape.pattern() != null && !shape.pattern().matcher(text).matches()) {
            violations.add(describe(text, path) + "Member must satisfy regular expression pattern: " + shape.patternSource());
        }
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
            violations.add(describe(text, path) + "Member must satisfy enum value set: [" + String.join(", ", shape.enumValues()) + "]");
        }
    }

    private static void checkSize(Shape shape, int size, String path, Object value, List<String> violations) {
        if (shape.min() != null && BigDecimal.valueOf(size).compareTo(shape.min()) < 0) {
            violations.add(describe(value, path) + "Member must have length greater than or equal to " + shape.min().toPlainString());
        }
        if (shape.max() != null && BigDecimal.valueOf(size).compareTo(shape.max()) > 0) {
            violations.add(describe(value, path) + "Member must have length less than or equal to " + shape.max().toPlainString());
        }
    }

    private static void checkRange(Shape shape, BigDecimal number, String path, List<String> violations) {
        if (shape.min() != null && number.compareTo(shape.min()) < 0) {
            violations.add(describe(number.toPlainString(), path) + "Member must have value greater than or equal to " + shape.min().toPlainString());
        }
        if (shape.max() != null && number.compareTo(shape.max()) > 0) {
            violations.add(describe(number.toPlainString(), path) + "Member must have value less than or equal to " + shape.max().toPlainString());
        }
    }

    private static String describe(Object value, String path) {
        return "Value '" + render(value) + "' at '" + path + "' failed to satisfy constraint: ";
    }

    private static String render(Object value) {
        if (value instanceof JsonNode node) {
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isArray()) {
                List<String> parts = new ArrayList<>();
                node.forEach(element -> parts.add(render(element)));
                return "[" + String.join(", ", parts) + "]";
            }
            if (node.isObject()) {
                List<String> parts = new ArrayList<>();
                node.properties().forEach(e -> parts.add(e.getKey() + "=" + render(e.getValue())));
                return "{" + String.join(", ", parts) + "}";
            }
            return node.asText();
        }
        return String.valueOf(value);
    }

    private static String jsonType(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT -> "object";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    static String lowerCamel(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
