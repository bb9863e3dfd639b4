package steward.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Values for the shapes of a model, at random: ones the shape accepts (with a bias towards the
 * edges: shortest and longest strings, smallest and largest numbers and lists), and ones it
 * rejects for certain, each with the reason, so that a request carrying one must be refused.
 */
final class ValueForge {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The longest string or list generated on purpose; beyond it a bound is not probed. */
    static final int MAX_GENERATED = 20_000;
    private static final int MAX_DEPTH = 8;

    /** A value the shape rejects, and why. */
    record Violation(JsonNode value, String reason) {
    }

    private final Shapes shapes;

    ValueForge(Shapes shapes) {
        this.shapes = shapes;
    }

    Shapes shapes() {
        return shapes;
    }

    // ---------------------------------------------------------------- valid values

    /** A value the shape accepts; {@code edge} is the chance of each choice going to a bound. */
    JsonNode valid(String shape, Random r, Dictionary dict, double edge, int depth) {
        return switch (shapes.type(shape)) {
            case "structure" -> structure(shape, r, dict, edge, depth, 0.45 / (1 + depth * 0.6));
            case "list" -> {
                String member = shapes.listMember(shape);
                int n = size(shape, r, edge, depth);
                ArrayNode list = NODES.arrayNode();
                for (int i = 0; i < n; i++) {
                    list.add(valid(member, r, dict, edge, depth + 1));
                }
                yield list;
            }
            case "map" -> {
                int n = size(shape, r, edge, depth);
                ObjectNode map = NODES.objectNode();
                String key = shapes.mapKey(shape);
                for (int attempt = 0; map.size() < n && attempt < n * 5 + 5; attempt++) {
                    map.set(validString(key, r, dict, edge), valid(shapes.mapValue(shape), r, dict, edge, depth + 1));
                }
                yield map;
            }
            case "string" -> TextNode.valueOf(validString(shape, r, dict, edge));
            case "integer", "long" -> NODES.numberNode(validInteger(shape, r, edge));
            case "float", "double" -> NODES.numberNode(r.nextBoolean() ? r.nextDouble() * 100 : r.nextInt(100));
            case "boolean" -> NODES.booleanNode(r.nextBoolean());
            case "timestamp" -> timestamp(r, edge);
            case "blob" -> TextNode.valueOf(Base64.getEncoder().encodeToString(bytes(r, r.nextInt(64))));
            default -> NODES.nullNode();
        };
    }

    /** Required members only, lists and maps at their minimum size. */
    JsonNode minimal(String shape, Random r, Dictionary dict) {
        return switch (shapes.type(shape)) {
            case "structure" -> structure(shape, r, dict, 0, MAX_DEPTH, 0);
            case "list", "map" -> {
                int min = shapes.min(shape).map(BigDecimal::intValue).orElse(0);
                JsonNode node = valid(shape, r, dict, 0, MAX_DEPTH);
                while (node.size() > min) {
                    if (node instanceof ArrayNode a) {
                        a.remove(a.size() - 1);
                    } else {
                        ((ObjectNode) node).remove(node.fieldNames().next());
                    }
                }
                yield node;
            }
            default -> valid(shape, r, dict, 0, MAX_DEPTH);
        };
    }

    private ObjectNode structure(String shape, Random r, Dictionary dict, double edge, int depth, double optional) {
        ObjectNode object = NODES.objectNode();
        List<String> required = shapes.required(shape);
        shapes.members(shape).forEach((name, memberShape) -> {
            if (required.contains(name) || (depth < MAX_DEPTH && r.nextDouble() < optional)) {
                object.set(name, valid(memberShape, r, dict, edge, depth + 1));
            }
        });
        return object;
    }

    private int size(String shape, Random r, double edge, int depth) {
        int min = shapes.min(shape).map(BigDecimal::intValue).orElse(0);
        int max = shapes.max(shape).map(m -> m.min(BigDecimal.valueOf(MAX_GENERATED)).intValue()).orElse(min + 4);
        if (depth >= MAX_DEPTH) {
            return min;
        }
        double roll = r.nextDouble();
        if (roll < edge / 2) {
            return min;
        }
        if (roll < edge && depth < 3) {
            return Math.min(max, 1000);
        }
        return min + r.nextInt(Math.min(max, min + 3) - min + 1);
    }

    String validString(String shape, Random r, Dictionary dict, double edge) {
        List<String> enums = shapes.enumValues(shape);
        if (!enums.isEmpty()) {
            return enums.get(r.nextInt(enums.size()));
        }
        if (r.nextDouble() < (Dictionary.ID_SHAPES.contains(shape) ? 0.85 : 0.5)) {
            List<String> known = dict.values(shape).stream().filter(v -> shapes.validString(shape, v)).toList();
            if (!known.isEmpty()) {
                return known.get(r.nextInt(known.size()));
            }
        }
        int min = shapes.min(shape).map(BigDecimal::intValue).orElse(0);
        int max = shapes.max(shape).map(m -> m.min(BigDecimal.valueOf(MAX_GENERATED)).intValue()).orElse(min + 64);
        Optional<RegexSampler> sampler = shapes.sampler(shape);
        if (shapes.pattern(shape).isPresent()) {
            if (sampler.isPresent()) {
                for (int attempt = 0; attempt < 40; attempt++) {
                    int stretch = new int[] {1, 2, 8, 32}[r.nextInt(4)];
                    String s = sampler.get().sample(r, stretch, edge);
                    if (shapes.validString(shape, s)) {
                        return s;
                    }
                }
            }
            List<String> known = dict.values(shape).stream().filter(v -> shapes.validString(shape, v)).toList();
            return known.isEmpty() ? "a".repeat(Math.max(min, 1)) : known.get(r.nextInt(known.size()));
        }
        int length;
        double roll = r.nextDouble();
        if (roll < edge / 2) {
            length = min;
        } else if (roll < edge) {
            length = max;
        } else {
            length = min + r.nextInt(Math.min(max, min + 32) - min + 1);
        }
        return text(r, length);
    }

    private long validInteger(String shape, Random r, double edge) {
        boolean isInt = "integer".equals(shapes.type(shape));
        long lo = shapes.min(shape).map(BigDecimal::longValue).orElse(isInt ? Integer.MIN_VALUE : Long.MIN_VALUE);
        long hi = shapes.max(shape).map(BigDecimal::longValue).orElse(isInt ? Integer.MAX_VALUE : Long.MAX_VALUE);
        if (r.nextDouble() < edge) {
            List<Long> edges = new ArrayList<>(List.of(lo, hi));
            for (long v : new long[] {lo + 1, hi - 1, 0, 1, -1}) {
                if (v >= lo && v <= hi) {
                    edges.add(v);
                }
            }
            return edges.get(r.nextInt(edges.size()));
        }
        if (hi - lo >= 0 && hi - lo <= 1000) {
            return lo + r.nextInt((int) (hi - lo) + 1);
        }
        long small = Math.max(lo, Math.min(hi, r.nextInt(200) - 20));
        return r.nextBoolean() ? small : Math.max(lo, Math.min(hi, isInt ? r.nextInt() : r.nextLong()));
    }

    private JsonNode timestamp(Random r, double edge) {
        if (r.nextDouble() < edge) {
            JsonNode[] edges = {NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(253402300799L),
                    NODES.numberNode(new BigDecimal("253402300799.999")), NODES.numberNode(1.0e12), NODES.numberNode(-62135596800L),
                    NODES.numberNode(1.0e300), NODES.numberNode(new BigDecimal("1e400")), NODES.numberNode(-1.0e300),
                    NODES.numberNode(new BigInteger("9".repeat(40))), NODES.numberNode(new BigDecimal("0.0001"))};
            return edges[r.nextInt(edges.length)];
        }
        long seconds = 1_700_000_000L + r.nextInt(100_000_000);
        return r.nextBoolean() ? NODES.numberNode(seconds) : NODES.numberNode(BigDecimal.valueOf(seconds * 1000L + r.nextInt(1000), 3));
    }

    // ---------------------------------------------------------------- violations

    /** A value the shape rejects for certain (never empty: a wrong JSON type always is). */
    Violation violation(String shape, Random r, Dictionary dict) {
        List<Supplier<Violation>> options = new ArrayList<>();
        String type = shapes.type(shape);
        options.add(() -> new Violation(wrongType(type, r), "wrong JSON type for " + type + " " + shape));
        switch (type) {
            case "string" -> stringViolations(shape, r, options);
            case "integer", "long" -> {
                boolean isInt = "integer".equals(type);
                shapes.min(shape).ifPresent(min -> options.add(() -> new Violation(NODES.numberNode(
                        below(min, isInt, r)), "below min " + min + " of " + shape)));
                shapes.max(shape).ifPresent(max -> options.add(() -> new Violation(NODES.numberNode(
                        above(max, isInt, r)), "above max " + max + " of " + shape)));
            }
            case "list" -> {
                String member = shapes.listMember(shape);
                int min = shapes.min(shape).map(BigDecimal::intValue).orElse(0);
                if (min > 0) {
                    options.add(() -> {
                        ArrayNode list = NODES.arrayNode();
                        for (int i = 0; i < min - 1; i++) {
                            list.add(minimal(member, r, dict));
                        }
                        return new Violation(list, "fewer than " + min + " elements in " + shape);
                    });
                }
                shapes.max(shape).filter(m -> m.intValue() < 2_000).ifPresent(max -> options.add(() -> {
                    ArrayNode list = NODES.arrayNode();
                    JsonNode element = minimal(member, r, dict);
                    for (int i = 0; i <= max.intValue(); i++) {
                        list.add(element.deepCopy());
                    }
                    return new Violation(list, "more than " + max + " elements in " + shape);
                }));
                options.add(() -> {
                    ArrayNode list = (ArrayNode) valid(shape, r, dict, 0, 2);
                    list.insertNull(list.isEmpty() ? 0 : r.nextInt(list.size() + 1));
                    return new Violation(list, "null element in " + shape);
                });
                options.add(() -> {
                    Violation inner = violation(member, r, dict);
                    ArrayNode list = NODES.arrayNode().add(inner.value());
                    return new Violation(list, "element: " + inner.reason());
                });
            }
            case "map" -> {
                String key = shapes.mapKey(shape);
                String value = shapes.mapValue(shape);
                options.add(() -> {
                    ObjectNode map = NODES.objectNode();
                    map.putNull(validString(key, r, dict, 0));
                    return new Violation(map, "null value in " + shape);
                });
                options.add(() -> {
                    Violation inner = violation(value, r, dict);
                    ObjectNode map = NODES.objectNode();
                    map.set(validString(key, r, dict, 0), inner.value());
                    return new Violation(map, "value: " + inner.reason());
                });
                List<Supplier<Violation>> keyViolations = new ArrayList<>();
                stringViolations(key, r, keyViolations);
                if (!keyViolations.isEmpty()) {
                    options.add(() -> stringViolation(key, r).map(bad -> {
                        ObjectNode map = NODES.objectNode();
                        map.set(bad.value().textValue(), minimal(value, r, dict));
                        return new Violation(map, "key: " + bad.reason());
                    }).orElseGet(() -> new Violation(wrongType("map", r), "wrong JSON type for map " + shape)));
                }
                int min = shapes.min(shape).map(BigDecimal::intValue).orElse(0);
                if (min > 0) {
                    options.add(() -> new Violation(NODES.objectNode(), "fewer than " + min + " entries in " + shape));
                }
                shapes.max(shape).filter(m -> m.intValue() < 2_000).ifPresent(max -> options.add(() -> {
                    ObjectNode map = NODES.objectNode();
                    JsonNode v = minimal(value, r, dict);
                    for (int i = 0; map.size() <= max.intValue() && i < 20 * max.intValue() + 20; i++) {
                        map.set(validString(key, r, dict, 0.2), v.deepCopy());
                    }
                    return map.size() > max.intValue() ? new Violation(map, "more than " + max + " entries in " + shape)
                            : new Violation(wrongType("map", r), "wrong JSON type for map " + shape);
                }));
            }
            case "structure" -> {
                List<String> required = shapes.required(shape);
                if (!required.isEmpty()) {
                    options.add(() -> {
                        ObjectNode object = (ObjectNode) valid(shape, r, dict, 0, 3);
                        String missing = required.get(r.nextInt(required.size()));
                        object.remove(missing);
                        return new Violation(object, "required " + missing + " of " + shape + " missing");
                    });
                    options.add(() -> {
                        ObjectNode object = (ObjectNode) valid(shape, r, dict, 0, 3);
                        String missing = required.get(r.nextInt(required.size()));
                        object.putNull(missing);
                        return new Violation(object, "required " + missing + " of " + shape + " null");
                    });
                }
                List<String> members = new ArrayList<>(shapes.members(shape).keySet());
                if (!members.isEmpty()) {
                    options.add(() -> {
                        ObjectNode object = (ObjectNode) minimal(shape, r, dict);
                        String name = members.get(r.nextInt(members.size()));
                        Violation inner = violation(shapes.members(shape).get(name), r, dict);
                        object.set(name, inner.value());
                        return new Violation(object, name + ": " + inner.reason());
                    });
                }
            }
            default -> {
            }
        }
        // A wrong JSON type is always possible and stops validation at once: prefer the constraints when there are some.
        if (options.size() == 1 || r.nextInt(10) < 3) {
            return options.get(0).get();
        }
        return options.get(1 + r.nextInt(options.size() - 1)).get();
    }

    /** A string the string shape rejects, when its rules allow one (a shape without rules has none). */
    Optional<Violation> stringViolation(String shape, Random r) {
        List<Supplier<Violation>> options = new ArrayList<>();
        stringViolations(shape, r, options);
        java.util.Collections.shuffle(options, r);
        for (Supplier<Violation> option : options) {
            Violation v = option.get();
            if (v.value().isTextual()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private void stringViolations(String shape, Random r, List<Supplier<Violation>> options) {
        int min = shapes.min(shape).map(BigDecimal::intValue).orElse(0);
        if (min > 0) {
            options.add(() -> new Violation(TextNode.valueOf(min == 1 ? "" : text(r, r.nextInt(min))),
                    "shorter than " + min + " (" + shape + ")"));
        }
        shapes.max(shape).filter(m -> m.intValue() < MAX_GENERATED).ifPresent(max -> options.add(() -> {
            int length = max.intValue() + 1 + (r.nextBoolean() ? 0 : r.nextInt(max.intValue() + 10));
            String s = text(r, length);
            if (s.codePointCount(0, s.length()) <= max.intValue()) {
                throw new IllegalStateException("text() made " + s.codePointCount(0, s.length()) + " code points of " + length);
            }
            return new Violation(TextNode.valueOf(s), "longer than " + max + " (" + shape + ")");
        }));
        if (shapes.pattern(shape).isPresent()) {
            options.add(() -> {
                for (int attempt = 0; attempt < 50; attempt++) {
                    String s = text(r, Math.max(min, 1) + r.nextInt(8));
                    if (attempt % 2 == 1 && shapes.sampler(shape).isPresent()) {
                        // A near miss: a valid sample with one character changed.
                        String good = shapes.sampler(shape).get().sample(r, 1, 0);
                        if (!good.isEmpty()) {
                            int at = r.nextInt(good.length());
                            s = good.substring(0, at) + "!#~ \u0000é".charAt(r.nextInt(6)) + good.substring(at + 1);
                        }
                    }
                    if (!shapes.validString(shape, s) && !shapes.pattern(shape).get().matcher(s).matches()) {
                        return new Violation(TextNode.valueOf(s), "pattern of " + shape);
                    }
                }
                return new Violation(NODES.numberNode(7), "wrong JSON type for string " + shape);
            });
        }
        List<String> enums = shapes.enumValues(shape);
        if (!enums.isEmpty()) {
            options.add(() -> {
                String base = enums.get(r.nextInt(enums.size()));
                String[] candidates = {base.toLowerCase(java.util.Locale.ROOT), base + " ", " " + base, base + "X",
                        "BOGUS", text(r, 1 + r.nextInt(10))};
                for (String c : candidates) {
                    if (!enums.contains(c)) {
                        return new Violation(TextNode.valueOf(c), "not in enum of " + shape);
                    }
                }
                return new Violation(NODES.booleanNode(true), "wrong JSON type for enum " + shape);
            });
        }
    }

    private static BigInteger below(BigDecimal min, boolean isInt, Random r) {
        BigInteger floor = BigInteger.valueOf(isInt ? Integer.MIN_VALUE : Long.MIN_VALUE);
        BigInteger value = min.toBigInteger().subtract(BigInteger.ONE);
        if (r.nextInt(3) == 0) {
            value = value.subtract(BigInteger.valueOf(r.nextInt(1_000_000)));
        }
        return value.max(floor.subtract(BigInteger.ONE));
    }

    private static BigInteger above(BigDecimal max, boolean isInt, Random r) {
        BigInteger ceiling = BigInteger.valueOf(isInt ? Integer.MAX_VALUE : Long.MAX_VALUE);
        BigInteger value = max.toBigInteger().add(BigInteger.ONE);
        if (r.nextInt(3) == 0) {
            value = value.add(BigInteger.valueOf(r.nextInt(1_000_000)));
        }
        return value.min(ceiling.add(BigInteger.ONE));
    }

    /** A JSON value of another type than the shape type takes. */
    JsonNode wrongType(String type, Random r) {
        List<Supplier<JsonNode>> options = new ArrayList<>();
        Supplier<JsonNode> text = () -> TextNode.valueOf(r.nextBoolean() ? String.valueOf(r.nextInt(100)) : text(r, r.nextInt(12)));
        Supplier<JsonNode> bool = () -> NODES.booleanNode(r.nextBoolean());
        Supplier<JsonNode> integer = () -> NODES.numberNode(r.nextInt(1000) - 10);
        Supplier<JsonNode> real = () -> NODES.numberNode(r.nextBoolean() ? 1.5 : 2.0);
        Supplier<JsonNode> huge = () -> NODES.numberNode(new BigInteger("9".repeat(20 + r.nextInt(300))));
        Supplier<JsonNode> array = () -> NODES.arrayNode().add(junk(r, 2));
        Supplier<JsonNode> emptyArray = NODES::arrayNode;
        Supplier<JsonNode> object = () -> NODES.objectNode().set("Fuzz" + r.nextInt(100), junk(r, 2));
        Supplier<JsonNode> emptyObject = NODES::objectNode;
        switch (type) {
            case "string", "blob" -> options.addAll(List.of(integer, real, huge, bool, array, emptyArray, object, emptyObject));
            case "integer", "long" -> {
                options.addAll(List.of(text, bool, array, object, real, huge));
                options.add(() -> "integer".equals(type) ? NODES.numberNode(2_147_483_648L)
                        : NODES.numberNode(new BigInteger("9223372036854775808")));
                options.add(() -> NODES.numberNode(1000.0));
            }
            case "float", "double", "timestamp" -> options.addAll(List.of(text, bool, array, object));
            case "boolean" -> {
                options.addAll(List.of(integer, array, object));
                options.add(() -> TextNode.valueOf(r.nextBoolean() ? "true" : "false"));
            }
            case "structure" -> options.addAll(List.of(text, integer, bool, array, emptyArray));
            case "list" -> options.addAll(List.of(text, integer, bool, object, emptyObject));
            case "map" -> options.addAll(List.of(text, integer, bool, array, emptyArray));
            default -> options.add(text);
        }
        return options.get(r.nextInt(options.size())).get();
    }

    // ---------------------------------------------------------------- anything

    /** Any JSON value at all. */
    JsonNode junk(Random r, int depth) {
        int pick = r.nextInt(depth <= 0 ? 7 : 9);
        return switch (pick) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.numberNode(r.nextInt());
            case 3 -> NODES.numberNode(r.nextBoolean() ? r.nextDouble() * 1e6 : -r.nextLong());
            case 4 -> NODES.numberNode(new BigInteger("-" + "9".repeat(1 + r.nextInt(400))));
            case 5, 6 -> TextNode.valueOf(text(r, r.nextInt(40)));
            case 7 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(junk(r, depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(text(r, r.nextInt(10)), junk(r, depth - 1));
                }
                yield o;
            }
        };
    }

    /** Nested arrays (or objects) {@code depth} deep. */
    static JsonNode nested(int depth, boolean objects) {
        JsonNode node = TextNode.valueOf("deep");
        for (int i = 0; i < depth; i++) {
            node = objects ? NODES.objectNode().set("n", node) : NODES.arrayNode().add(node);
        }
        return node;
    }

    /** Alphabets strings are drawn from; each string uses one, or a mix of them. */
    private static final String[] ALPHABETS = {
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            " !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~",
            "éüßñçøåÆΩλЖжשעابتث中文字日本語한국어ไทย",
            "🙂🎉👍🏽🚀💩🧪👨‍👩‍👧🏳️‍🌈\u2764\ufe0f",
            "\u0000\u0001\u0002\u0007\b\t\n\u000b\f\r\u001b\u001f\u007f\u0085\u2028\u2029",
            "\u200b\u200c\u200d\u202e\u2066\ufeff\u0301\u0336\ufffd\ufffe\uffff",
            "\ud800\udbff\udc00\udfff",
    };

    /** A string of exactly {@code length} code points from a random alphabet or a mix. */
    static String text(Random r, int length) {
        int kind = r.nextInt(ALPHABETS.length + 2);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            String alphabet = kind < ALPHABETS.length ? ALPHABETS[kind]
                    : kind == ALPHABETS.length ? ALPHABETS[0] : ALPHABETS[r.nextInt(ALPHABETS.length)];
            if (alphabet == ALPHABETS[6]) {
                // A lone surrogate: one code point. Never a low one after a high one, which would pair up.
                boolean afterHigh = out.length() > 0 && Character.isHighSurrogate(out.charAt(out.length() - 1));
                out.append(afterHigh ? '\ud800' : alphabet.charAt(r.nextInt(alphabet.length())));
                continue;
            }
            int[] points = alphabet.codePoints().toArray();
            out.appendCodePoint(points[r.nextInt(points.length)]);
        }
        return out.toString();
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
