package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a JSON tree as block-style YAML. Strings that could read back as anything other than
 * the same string are double-quoted with JSON escapes, which YAML's double-quoted style accepts.
 */
final class YamlRenderer {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/.$][A-Za-z0-9 _./:$()-]*");
    private static final Set<String> RESERVED = Set.of(
            "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".nan", ".inf");

    private YamlRenderer() {
    }

    static String render(JsonNode root) {
        StringBuilder out = new StringBuilder("---\n");
        if (root.isObject() && !root.isEmpty()) {
            writeMapping(out, root, 0);
        } else if (root.isArray() && !root.isEmpty()) {
            writeSequence(out, root, 0);
        } else {
            out.append(scalar(root)).append('\n');
        }
        return out.toString();
    }

    private static void writeMapping(StringBuilder out, JsonNode mapping, int indent) {
        for (Map.Entry<String, JsonNode> field : mapping.properties()) {
            // The first key of a mapping inside a sequence item sits on the "- " line.
            if (out.charAt(out.length() - 1) == '\n') {
                pad(out, indent);
            }
            out.append(string(field.getKey())).append(':');
            writeValue(out, field.getValue(), indent);
        }
    }

    private static void writeSequence(StringBuilder out, JsonNode sequence, int indent) {
        for (JsonNode item : sequence) {
            pad(out, indent);
            out.append("- ");
            if (item.isObject() && !item.isEmpty()) {
                writeMapping(out, item, indent + 2);
            } else if (item.isArray() && !item.isEmpty()) {
                out.append('\n');
                writeSequence(out, item, indent + 2);
            } else {
                out.append(scalar(item)).append('\n');
            }
        }
    }

    private static void writeValue(StringBuilder out, JsonNode value, int indent) {
        if (value.isObject() && !value.isEmpty()) {
            out.append('\n');
            writeMapping(out, value, indent + 2);
        } else if (value.isArray() && !value.isEmpty()) {
            out.append('\n');
            writeSequence(out, value, indent);
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static String scalar(JsonNode node) {
        if (node.isObject()) {
            return "{}";
        }
        if (node.isArray()) {
            return "[]";
        }
        if (node.isTextual()) {
            return string(node.textValue());
        }
        return node.isNull() || node.isMissingNode() ? "null" : node.toString();
    }

    private static String string(String text) {
        boolean plain = PLAIN.matcher(text).matches()
                && !text.endsWith(" ")
                && !text.contains(": ")
                && !text.endsWith(":")
                && !RESERVED.contains(text.toLowerCase(Locale.ROOT));
        return plain ? text : quoted(text);
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void pad(StringBuilder out, int indent) {
        out.append(" ".repeat(indent));
    }
}
