package steward.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Request bodies for one input shape: valid ones, ones carrying a violation that guarantees a
 * refusal (after random noise, so that the violation is not alone), noisy ones that may or may
 * not be valid, and broken ones on the byte level (truncated, random, not UTF-8, too deep, too
 * large, not an object).
 */
final class BodyFuzzer {
    /** A body, what was done to it, and whether it must be refused. */
    record Body(byte[] bytes, String kind, String detail, boolean mustReject) {
    }

    private static final int MAX_BODY = 1024 * 1024;
    private final ValueForge forge;
    private final Mutations mutations;

    BodyFuzzer(ValueForge forge) {
        this.forge = forge;
        this.mutations = new Mutations(forge);
    }

    ValueForge forge() {
        return forge;
    }

    /** A valid request: {@code base} (or a fresh one) with some optional members added. */
    ObjectNode valid(String shape, ObjectNode base, Random r, Dictionary dict, double edge) {
        if (base == null) {
            return (ObjectNode) forge.valid(shape, r, dict, edge, 0);
        }
        ObjectNode body = base.deepCopy();
        for (int i = r.nextInt(3); i > 0; i--) {
            List<String> names = new ArrayList<>(forge.shapes().members(shape).keySet());
            if (names.isEmpty()) {
                break;
            }
            String name = names.get(r.nextInt(names.size()));
            if (!body.has(name)) {
                body.set(name, forge.valid(forge.shapes().members(shape).get(name), r, dict, edge, 1));
            }
        }
        return body;
    }

    /** {@code body} plus a few random changes of any kind: valid or not, nulls, removals, junk. */
    List<String> noise(String shape, ObjectNode body, Random r, Dictionary dict, int count) {
        List<String> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Mutations.Step> at = mutations.randomLocation(shape, body, r);
            if (at.isEmpty()) {
                break;
            }
            Mutations.Step last = at.get(at.size() - 1);
            String where = Mutations.describe(at);
            switch (r.nextInt(7)) {
                case 0 -> {
                    mutations.set(body, at, last.kind() == Mutations.Kind.MAP_KEY
                            ? TextNode.valueOf(forge.validString(last.shape(), r, dict, 0.5))
                            : forge.valid(last.shape(), r, dict, 0.5, at.size()), r, dict);
                    done.add(where + " = valid");
                }
                case 1 -> {
                    ValueForge.Violation v = forge.violation(last.shape(), r, dict);
                    if (last.kind() == Mutations.Kind.MAP_KEY) {
                        mutations.set(body, at, TextNode.valueOf(v.value().asText()), r, dict);
                    } else {
                        mutations.set(body, at, v.value(), r, dict);
                    }
                    done.add(where + " = " + v.reason());
                }
                case 2 -> {
                    mutations.set(body, at, last.kind() == Mutations.Kind.MAP_KEY ? TextNode.valueOf(ValueForge.text(r, 5))
                            : forge.junk(r, 2), r, dict);
                    done.add(where + " = junk");
                }
                case 3 -> {
                    if (last.kind() != Mutations.Kind.MAP_KEY) {
                        mutations.set(body, at, ValueForge.NODES.nullNode(), r, dict);
                        done.add(where + " = null");
                    }
                }
                case 4 -> {
                    if (last.kind() != Mutations.Kind.MAP_KEY) {
                        mutations.remove(body, at, r, dict);
                        done.add(where + " removed");
                    }
                }
                case 5 -> {
                    if (last.kind() != Mutations.Kind.MAP_KEY) {
                        int depth = r.nextBoolean() ? 1 + r.nextInt(64) : 60 + r.nextInt(200);
                        mutations.set(body, at, ValueForge.nested(depth, r.nextBoolean()), r, dict);
                        done.add(where + " = nested " + depth + " deep");
                    }
                }
                default -> {
                    unknownMember(body, r);
                    done.add("unknown member added");
                }
            }
        }
        return done;
    }

    /** Adds a member no shape declares, at the top or in a nested object. */
    void unknownMember(ObjectNode body, Random r) {
        ObjectNode target = body;
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(body, objects, 0);
        if (!objects.isEmpty() && r.nextBoolean()) {
            target = objects.get(r.nextInt(objects.size()));
        }
        String name = "Fuzz" + (r.nextBoolean() ? "Unknown" : ValueForge.text(r, 1 + r.nextInt(6)));
        target.set(name, forge.junk(r, 3));
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into, int depth) {
        if (depth > 6 || into.size() > 50) {
            return;
        }
        if (node instanceof ObjectNode o) {
            into.add(o);
        }
        node.elements().forEachRemaining(child -> collectObjects(child, into, depth + 1));
    }

    /**
     * {@code body} after some noise, with one violation that guarantees a refusal put in last (nothing
     * afterwards can undo it). Unknown members may be added: SSM ignores them, and the control API
     * refuses them, so either way the meaning is kept or the refusal made surer.
     */
    Body violating(String shape, ObjectNode body, Random r, Dictionary dict) {
        List<String> detail = noise(shape, body, r, dict, r.nextInt(3));
        List<String> required = forge.shapes().required(shape);
        String violation;
        if (!required.isEmpty() && r.nextInt(8) == 0) {
            String name = required.get(r.nextInt(required.size()));
            if (r.nextBoolean()) {
                body.remove(name);
                violation = "required " + name + " removed";
            } else {
                body.putNull(name);
                violation = "required " + name + " null";
            }
        } else {
            List<Mutations.Step> at = mutations.randomLocation(shape, body, r);
            violation = at.isEmpty() ? wholeBodyViolation(body, r) : violate(body, at, r, dict);
        }
        detail.add("VIOLATION " + violation);
        return new Body(render(body, r, true), "violation", String.join("; ", detail), true);
    }

    private String wholeBodyViolation(ObjectNode body, Random r) {
        // A shape without members: nothing can violate it but the body itself.
        body.removeAll();
        body.set("Fuzz", ValueForge.nested(70 + r.nextInt(100), false));
        return "nested 70+ deep";
    }

    private String violate(ObjectNode body, List<Mutations.Step> at, Random r, Dictionary dict) {
        Mutations.Step last = at.get(at.size() - 1);
        String where = Mutations.describe(at);
        if (last.kind() == Mutations.Kind.FIELD && last.required() && r.nextInt(4) == 0) {
            mutations.remove(body, at, r, dict);
            return where + " (required) removed";
        }
        if ((last.kind() == Mutations.Kind.INDEX || last.kind() == Mutations.Kind.MAP_VALUE) && r.nextInt(4) == 0) {
            mutations.set(body, at, ValueForge.NODES.nullNode(), r, dict);
            return where + " = null element";
        }
        if (last.kind() == Mutations.Kind.MAP_KEY) {
            var keyViolation = forge.stringViolation(last.shape(), r);
            if (keyViolation.isPresent()) {
                mutations.set(body, at, keyViolation.get().value(), r, dict);
                return where + " key = " + keyViolation.get().reason();
            }
            List<Mutations.Step> value = new ArrayList<>(at.subList(0, at.size() - 1));
            String map = value.get(value.size() - 1).shape();
            value.add(new Mutations.Step(Mutations.Kind.MAP_VALUE, last.name(), -1, forge.shapes().mapValue(map), false));
            return violate(body, value, r, dict);
        }
        ValueForge.Violation v = forge.violation(last.shape(), r, dict);
        mutations.set(body, at, v.value(), r, dict);
        return where + " = " + v.reason();
    }

    /** Renders a body; {@code preserving} keeps duplicate members from changing its meaning. */
    byte[] render(JsonNode body, Random r, boolean preserving) {
        JsonText text = new JsonText(r, forge, r.nextInt(10) == 0 ? 0.3 : 0, preserving);
        return text.render(body).getBytes(StandardCharsets.UTF_8);
    }

    /** A body broken below the JSON level; with {@code mustReject}, only kinds that are refused for certain. */
    Body wire(JsonNode base, Random r, boolean mustReject, boolean emptyIsInvalid) {
        byte[] text = render(base, r, true);
        int kind = r.nextInt(mustReject ? 7 : 11);
        return switch (kind) {
            case 0 -> {
                int first = indexOf(text, (byte) '{');
                int cut = first + 1 + r.nextInt(Math.max(1, text.length - first - 1));
                byte[] cutText = java.util.Arrays.copyOf(text, Math.min(cut, text.length - 1));
                yield new Body(cutText.length == 0 ? "{".getBytes(StandardCharsets.UTF_8) : cutText, "truncated",
                        "cut to " + cutText.length + " of " + text.length + " bytes", true);
            }
            case 1 -> {
                byte[] random = ValueForge.bytes(r, 1 + r.nextInt(r.nextBoolean() ? 16 : 2000));
                String starts = "abcxyzABC0123456789[]}\"-!#:,\u007f";
                byte first = (byte) starts.charAt(r.nextInt(starts.length()));
                random[0] = r.nextBoolean() ? first : (byte) (0x80 + r.nextInt(0x6f));
                yield new Body(random, "random bytes", random.length + " random bytes", true);
            }
            case 2 -> {
                int first = indexOf(text, (byte) '{');
                int last = lastIndexOf(text, (byte) '}');
                int at = first + 1 + r.nextInt(Math.max(1, last - first - 1));
                byte[][] bad = {{(byte) 0xff}, {(byte) 0xfe}, {(byte) 0x80}, {(byte) 0xc3, '('}, {(byte) 0xf8, (byte) 0x88},
                        {(byte) 0xe2, (byte) 0x28, (byte) 0xa1}, {(byte) 0xbf}};
                byte[] insert = bad[r.nextInt(bad.length)];
                yield new Body(splice(text, at, insert), "not UTF-8", "invalid UTF-8 " + hex(insert) + " at byte " + at, true);
            }
            case 3 -> {
                int depth = 65 + r.nextInt(r.nextBoolean() ? 10 : 20_000);
                boolean objects = r.nextBoolean();
                StringBuilder deep = new StringBuilder("{\"Fuzz\":");
                deep.append((objects ? "{\"n\":" : "[").repeat(depth)).append("1").append((objects ? "}" : "]").repeat(depth)).append('}');
                yield new Body(deep.toString().getBytes(StandardCharsets.UTF_8), "too deep", depth + " levels of "
                        + (objects ? "objects" : "arrays"), true);
            }
            case 4 -> {
                int size = MAX_BODY + 1 + r.nextInt(r.nextBoolean() ? 16 : 256 * 1024);
                ByteArrayOutputStream out = new ByteArrayOutputStream(size);
                out.write(text, 0, text.length - 1);
                out.writeBytes((",\"FuzzPadding\":\"" + "p".repeat(Math.max(0, size - text.length - 17)) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
                yield new Body(out.toByteArray(), "oversized", out.size() + " bytes", true);
            }
            case 5 -> {
                String[] others = {"[]", "[" + new String(text, StandardCharsets.UTF_8) + "]", "\"text\"", "123", "-0.5e3",
                        "true", "null", "[{}]"};
                String other = others[r.nextInt(others.length)];
                yield new Body(other.getBytes(StandardCharsets.UTF_8), "not an object", other.length() > 40
                        ? other.substring(0, 40) + "..." : other, true);
            }
            case 6 -> emptyIsInvalid || !mustReject ? new Body(new byte[0], "empty", "empty body", emptyIsInvalid)
                    : wire(base, r, true, false);
            case 7 -> new Body(concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, text), "BOM", "UTF-8 BOM first",
                    false);
            case 8 -> new Body(concat(text, (r.nextBoolean() ? " trailing" : "{}[]").getBytes(StandardCharsets.UTF_8)),
                    "trailing", "garbage after the object", false);
            case 9 -> {
                int first = indexOf(text, (byte) '{');
                int last = lastIndexOf(text, (byte) '}');
                int at = first + 1 + r.nextInt(Math.max(1, last - first - 1));
                byte[][] odd = {{(byte) 0xc0, (byte) 0x80}, {(byte) 0xe0, (byte) 0x80, (byte) 0x80},
                        {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        {(byte) 0xef, (byte) 0xbf, (byte) 0xbf}};
                byte[] insert = odd[r.nextInt(odd.length)];
                yield new Body(splice(text, at, insert), "odd UTF-8", "overlong/surrogate UTF-8 " + hex(insert) + " at " + at,
                        false);
            }
            default -> new Body(" \n\t ".getBytes(StandardCharsets.UTF_8), "whitespace", "whitespace only", false);
        };
    }

    private static int indexOf(byte[] text, byte b) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return 0;
    }

    private static int lastIndexOf(byte[] text, byte b) {
        for (int i = text.length - 1; i >= 0; i--) {
            if (text[i] == b) {
                return i;
            }
        }
        return text.length;
    }

    private static byte[] splice(byte[] text, int at, byte[] insert) {
        byte[] out = new byte[text.length + insert.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(text, at, out, at + insert.length, text.length - at);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }
}
