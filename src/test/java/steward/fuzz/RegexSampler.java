package steward.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Random strings that match a regular expression, for the subset of Java regex syntax the SSM
 * model's patterns use: literals and escapes ({@code \xhh} and {@code \\uhhhh} too), character classes (ranges, negation, {@code \d \w \s},
 * {@code \p{L} \p{Z} \p{N}}), {@code .}, groups (capturing, {@code (?:)}; lookaheads are skipped),
 * alternation, and the quantifiers {@code * + ? {n} {n,} {n,m}}. A sample is only a candidate: the
 * caller checks it against {@link Pattern} (a skipped lookahead or an anchor inside an alternative
 * can make it miss).
 */
final class RegexSampler {
    /** Characters a class like \p{L} or a negated class or '.' is sampled from, by category. */
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüßñçøåÆΩλЖжשעاب中文字日本語한국";
    private static final String SPACES = " \u00a0\u2002\u2009\u3000";
    private static final String NUMBERS = "0123456789\u0660\u0969\u00b2\u2163\u2460";
    private static final String ANY = "abcXYZ019 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\n\u0000\u0001\u007f\u0085\u00a0éß中🙂\u200b\u202e\ufeff";
    private static final int UNBOUNDED_EXTRA = 12;

    private final Node root;

    private RegexSampler(Node root) {
        this.root = root;
    }

    static RegexSampler of(String regex) {
        Parser parser = new Parser(regex);
        Node node = parser.alternation();
        if (parser.pos < regex.length()) {
            throw new IllegalArgumentException("unsupported regex at " + parser.pos + ": " + regex);
        }
        return new RegexSampler(node);
    }

    /**
     * A candidate string. {@code stretch} scales how far unbounded repetitions ({@code * + {n,}})
     * may go past their minimum; {@code edge} is the chance that a repetition takes its minimum or
     * maximum count rather than one in between.
     */
    String sample(Random random, int stretch, double edge) {
        StringBuilder out = new StringBuilder();
        root.emit(random, out, Math.max(1, stretch), edge);
        return out.toString();
    }

    private interface Node {
        void emit(Random random, StringBuilder out, int stretch, double edge);
    }

    private record Literal(int codePoint) implements Node {
        @Override
        public void emit(Random random, StringBuilder out, int stretch, double edge) {
            out.appendCodePoint(codePoint);
        }
    }

    private record Empty() implements Node {
        @Override
        public void emit(Random random, StringBuilder out, int stretch, double edge) {
        }
    }

    private record Sequence(List<Node> parts) implements Node {
        @Override
        public void emit(Random random, StringBuilder out, int stretch, double edge) {
            parts.forEach(p -> p.emit(random, out, stretch, edge));
        }
    }

    private record Alternation(List<Node> options) implements Node {
        @Override
        public void emit(Random random, StringBuilder out, int stretch, double edge) {
            options.get(random.nextInt(options.size())).emit(random, out, stretch, edge);
        }
    }

    private record Repeat(Node node, int min, int max) implements Node {
        @Override
        public void emit(Random random, StringBuilder out, int stretch, double edge) {
            int upper = max >= 0 ? max : min + UNBOUNDED_EXTRA * stretch;
            int count;
            double roll = random.nextDouble();
            if (roll < edge / 2) {
                count = min;
            } else if (roll < edge) {
                count = upper;
            } else {
                count = min + random.nextInt(upper - min + 1);
            }
            for (int i = 0; i < count; i++) {
                node.emit(random, out, stretch, edge);
            }
        }
    }

    /** A character class: a set of code point ranges, or everything but them. */
    private static final class CharClass implements Node {
        private final List<int[]> ranges = new ArrayList<>();
        private final List<CharClass> nested = new ArrayList<>();
        private boolean negated;

        boolean contains(int c) {
            for (int[] r : ranges) {
                if (c >= r[0] && c <= r[1]) {
                    return true;
                }
            }
            for (CharClass n : nested) {
                if (n.contains(c) != n.negated) {
                    return true;
                }
            }
            return false;
        }

        void add(int from, int to) {
            ranges.add(new int[] {from, to});
        }

        void addAll(String chars) {
            chars.codePoints().forEach(c -> add(c, c));
        }

        @Override
        public void emit(Random random, StringBuilder out, int stretch, double edge) {
            if (!negated && nested.isEmpty()) {
                long total = 0;
                for (int[] r : ranges) {
                    total += r[1] - r[0] + 1L;
                }
                long pick = (long) (random.nextDouble() * total);
                for (int[] r : ranges) {
                    long size = r[1] - r[0] + 1L;
                    if (pick < size) {
                        out.appendCodePoint((int) (r[0] + pick));
                        return;
                    }
                    pick -= size;
                }
            }
            int[] candidates = ANY.codePoints().toArray();
            for (int attempt = 0; attempt < 200; attempt++) {
                int c = attempt < 100 ? candidates[random.nextInt(candidates.length)] : 32 + random.nextInt(0x2000);
                if (contains(c) != negated) {
                    out.appendCodePoint(c);
                    return;
                }
            }
            out.append('a');
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Node alternation() {
            List<Node> options = new ArrayList<>();
            options.add(sequence());
            while (pos < s.length() && s.charAt(pos) == '|') {
                pos++;
                options.add(sequence());
            }
            return options.size() == 1 ? options.get(0) : new Alternation(options);
        }

        Node sequence() {
            List<Node> parts = new ArrayList<>();
            while (pos < s.length() && s.charAt(pos) != '|' && s.charAt(pos) != ')') {
                Node atom = atom();
                parts.add(quantified(atom));
            }
            return new Sequence(parts);
        }

        Node quantified(Node atom) {
            if (pos >= s.length()) {
                return atom;
            }
            char c = s.charAt(pos);
            Node result = atom;
            if (c == '*' || c == '+' || c == '?') {
                pos++;
                result = new Repeat(atom, c == '+' ? 1 : 0, c == '?' ? 1 : -1);
            } else if (c == '{' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1))) {
                int close = s.indexOf('}', pos);
                String[] bounds = s.substring(pos + 1, close).split(",", -1);
                pos = close + 1;
                int min = Integer.parseInt(bounds[0]);
                int max = bounds.length == 1 ? min : bounds[1].isEmpty() ? -1 : Integer.parseInt(bounds[1]);
                result = new Repeat(atom, min, max);
            }
            if (pos < s.length() && (s.charAt(pos) == '?' || s.charAt(pos) == '+') && result != atom) {
                pos++; // lazy or possessive: the same strings
            }
            return result;
        }

        Node atom() {
            char c = s.charAt(pos++);
            switch (c) {
                case '(' -> {
                    boolean skip = false;
                    if (s.startsWith("?:", pos)) {
                        pos += 2;
                    } else if (s.startsWith("?!", pos) || s.startsWith("?=", pos)) {
                        pos += 2;
                        skip = true;
                    }
                    Node inner = alternation();
                    expect(')');
                    return skip ? new Empty() : inner;
                }
                case '[' -> {
                    return charClass();
                }
                case '.' -> {
                    CharClass any = new CharClass();
                    any.negated = true; // everything but nothing
                    return any;
                }
                case '^', '$' -> {
                    return new Empty();
                }
                case '\\' -> {
                    return escape();
                }
                default -> {
                    return new Literal(c);
                }
            }
        }

        Node escape() {
            char e = s.charAt(pos++);
            CharClass predefined = predefined(e);
            return predefined != null ? predefined : new Literal(literalEscape(e));
        }

        CharClass predefined(char e) {
            CharClass c = new CharClass();
            switch (e) {
                case 'd' -> c.add('0', '9');
                case 'w' -> {
                    c.add('a', 'z');
                    c.add('A', 'Z');
                    c.add('0', '9');
                    c.add('_', '_');
                }
                case 's' -> c.addAll(" \t\n\r\f\u000b");
                case 'D', 'W', 'S' -> {
                    CharClass inner = predefined(Character.toLowerCase(e));
                    inner.negated = true;
                    return inner;
                }
                case 'p' -> {
                    int close = s.indexOf('}', pos);
                    String name = s.substring(pos + 1, close);
                    pos = close + 1;
                    switch (name) {
                        case "L" -> c.addAll(LETTERS);
                        case "Z" -> c.addAll(SPACES);
                        case "N" -> c.addAll(NUMBERS);
                        default -> c.addAll("a");
                    }
                }
                default -> {
                    return null;
                }
            }
            return c;
        }

        int literalEscape(char e) {
            if (e == 'x' || e == 'u') {
                int digits = e == 'x' ? 2 : 4;
                int value = Integer.parseInt(s.substring(pos, pos + digits), 16);
                pos += digits;
                return value;
            }
            return switch (e) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 'f' -> '\f';
                default -> e;
            };
        }

        Node charClass() {
            CharClass cls = new CharClass();
            if (pos < s.length() && s.charAt(pos) == '^') {
                cls.negated = true;
                pos++;
            }
            boolean first = true;
            while (pos < s.length() && (s.charAt(pos) != ']' || first)) {
                first = false;
                int from;
                char c = s.charAt(pos++);
                if (c == '\\') {
                    char e = s.charAt(pos++);
                    CharClass predefined = predefined(e);
                    if (predefined != null) {
                        cls.nested.add(predefined);
                        continue;
                    }
                    from = literalEscape(e);
                } else {
                    from = c;
                }
                if (pos + 1 < s.length() && s.charAt(pos) == '-' && s.charAt(pos + 1) != ']') {
                    pos++;
                    char t = s.charAt(pos++);
                    int to = t == '\\' ? literalEscape(s.charAt(pos++)) : t;
                    cls.add(from, to);
                } else {
                    cls.add(from, from);
                }
            }
            expect(']');
            if (!cls.negated && !cls.nested.isEmpty()) {
                // Flatten nested predefined classes into samples the plain sampler can draw from.
                for (CharClass n : cls.nested) {
                    if (!n.negated) {
                        cls.ranges.addAll(n.ranges);
                    }
                }
                cls.nested.removeIf(n -> !n.negated);
            }
            return cls;
        }

        void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in " + s);
            }
            pos++;
        }
    }
}
