package steward.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Random;

/**
 * Writes JSON by hand, so that it can say what a JSON library would not: every character
 * escaped or none, lone surrogates as {@code \\uD800}, random whitespace, and duplicate member
 * names. With {@code preserving} set, a duplicate always comes <em>before</em> the real member with
 * a random value: the last one wins when Steward (Jackson) reads it, so the request means the
 * same as without the duplicate.
 */
final class JsonText {
    private final Random random;
    private final boolean escapeAll;
    private final double duplicates;
    private final boolean preserving;
    private final double whitespace;
    private final ValueForge forge;

    JsonText(Random random, ValueForge forge, double duplicates, boolean preserving) {
        this.random = random;
        this.forge = forge;
        this.escapeAll = random.nextInt(8) == 0;
        this.duplicates = duplicates;
        this.preserving = preserving;
        this.whitespace = random.nextInt(4) == 0 ? 0.3 : 0;
    }

    String render(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, 0);
        return out.toString();
    }

    private void write(JsonNode node, StringBuilder out, int depth) {
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (depth < 20 && random.nextDouble() < duplicates) {
                    JsonNode other = forge.junk(random, 1);
                    if (preserving || random.nextBoolean()) {
                        first = member(e.getKey(), other, out, first, depth);
                        first = member(e.getKey(), e.getValue(), out, first, depth);
                    } else {
                        first = member(e.getKey(), e.getValue(), out, first, depth);
                        first = member(e.getKey(), other, out, first, depth);
                    }
                } else {
                    first = member(e.getKey(), e.getValue(), out, first, depth);
                }
            }
            space(out);
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                space(out);
                write(node.get(i), out, depth + 1);
            }
            space(out);
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else {
            // numbers, booleans, null: Jackson's own text is valid JSON (1.0E300, 99999999999999999999...)
            out.append(node.toString());
        }
    }

    private boolean member(String name, JsonNode value, StringBuilder out, boolean first, int depth) {
        if (!first) {
            out.append(',');
        }
        space(out);
        string(name, out);
        space(out);
        out.append(':');
        space(out);
        write(value, out, depth + 1);
        return false;
    }

    private void space(StringBuilder out) {
        if (whitespace > 0 && random.nextDouble() < whitespace) {
            out.append(" \n\t\r".charAt(random.nextInt(4)));
        }
    }

    private void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append(escapeAll ? "\\u000a" : "\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '/' -> out.append(random.nextInt(4) == 0 ? "\\/" : "/");
                default -> {
                    if (Character.isHighSurrogate(c) && validPair(s, i)) {
                        // A proper pair: both halves escaped, or both written as they are (one UTF-8 sequence).
                        boolean escape = escapeAll || random.nextInt(4) == 0;
                        for (char half : new char[] {c, s.charAt(++i)}) {
                            if (escape) {
                                out.append(String.format("\\u%04x", (int) half));
                            } else {
                                out.append(half);
                            }
                        }
                    } else if (c < 0x20 || Character.isSurrogate(c) || escapeAll || (c > 0x7e && random.nextInt(4) == 0)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** True when the surrogate at {@code i} is half of a proper pair (which UTF-8 can encode). */
    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return false;
    }
}
