package steward.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Heuristics that forge strings for one string shape of the SSM model: values that satisfy its
 * pattern at a wanted length (boundary probes) and values of a valid length that do not
 * (pattern probes). Every result is checked with java.util.regex before it is returned; when no
 * heuristic fits, the answer is empty and the caller counts a skip.
 */
final class ModelProbeStrings {
    /** Seeds tried in order: shape-specific look-alikes first, plain characters last. */
    private static final List<String> SEEDS = List.of(
            "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            "i-0123456789abcdef0",
            "mi-0123456789abcdef0",
            "arn:aws:iam::123456789012:role/steward-probe",
            "arn:aws:ssm:us-east-1:123456789012:document/AWS-RunShellScript",
            "123456789012",
            "ou-abcd-abcdefgh",
            "$LATEST",
            "1",
            "10%",
            "AWS-RunShellScript",
            "InstanceIds",
            "a", "A", "0", "x", "_", "-");
    private static final String PADS = "a1A0x_-.";
    private static final String BAD = "!#~%*^`' \t";

    private final Pattern pattern;
    private final int min;
    private final int max;
    private final List<String> enumValues;

    ModelProbeStrings(String patternSource, Integer min, Integer max, List<String> enumValues) {
        this.pattern = patternSource == null ? null : Pattern.compile(patternSource, Pattern.DOTALL);
        this.min = min == null ? 0 : min;
        this.max = max == null ? Integer.MAX_VALUE : max;
        this.enumValues = enumValues;
    }

    boolean valid(String s) {
        int length = s.codePointCount(0, s.length());
        return length >= min && length <= max
                && (pattern == null || pattern.matcher(s).matches())
                && (enumValues.isEmpty() || enumValues.contains(s));
    }

    boolean inEnum(String s) {
        return enumValues.isEmpty() || enumValues.contains(s);
    }

    boolean matchesPattern(String s) {
        return pattern == null || pattern.matcher(s).matches();
    }

    /** A valid value of no particular length, as natural as the heuristics can make it. */
    Optional<String> natural() {
        if (!enumValues.isEmpty()) {
            return Optional.of(enumValues.get(0));
        }
        if (pattern == null) {
            return exactly(Math.max(min, 1));
        }
        for (String seed : SEEDS) {
            if (valid(seed)) {
                return Optional.of(seed);
            }
        }
        return exactly(Math.max(min, 1));
    }

    /** A valid value (length, pattern, enum) of exactly {@code length} code points. */
    Optional<String> exactly(int length) {
        if (length < 0 || length < min || length > max) {
            return Optional.empty();
        }
        if (!enumValues.isEmpty()) {
            return enumValues.stream().filter(e -> e.length() == length).findFirst();
        }
        return shaped(length, true);
    }

    /**
     * A value of exactly {@code length} code points that satisfies the pattern (but, being out of
     * the length bounds on purpose, not necessarily the shape); falls back to any string of that
     * length when no pattern-valid one can be forged.
     */
    String ofLengthPreferablyMatching(int length) {
        return shaped(length, false).orElse("a".repeat(length));
    }

    private Optional<String> shaped(int length, boolean checkBounds) {
        if (pattern == null) {
            return Optional.of("a".repeat(length));
        }
        List<String> seeds = new ArrayList<>(SEEDS);
        for (char c : PADS.toCharArray()) {
            seeds.add(String.valueOf(c).repeat(Math.max(length, 1)));
        }
        if (length == 0) {
            seeds.add(0, "");
        }
        for (String seed : seeds) {
            if (!matchesPattern(seed)) {
                continue;
            }
            String s = seed;
            if (s.length() < length) {
                s = grow(s, length);
            } else if (s.length() > length) {
                s = shrink(s, length);
            }
            if (s != null && s.length() == length && matchesPattern(s) && (!checkBounds || valid(s))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Inserts pad characters one at a time, keeping the pattern satisfied at every step. */
    private String grow(String s, int length) {
        while (s.length() < length) {
            String next = null;
            for (char c : PADS.toCharArray()) {
                next = firstMatching(s + c, c + s);
                if (next != null) {
                    break;
                }
                for (int i = s.length() - 1; i > 0 && next == null; i--) {
                    next = firstMatching(s.substring(0, i) + c + s.substring(i));
                }
                if (next != null) {
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            s = next;
        }
        return s;
    }

    /** Deletes characters one at a time, keeping the pattern satisfied at every step. */
    private String shrink(String s, int length) {
        while (s.length() > length) {
            String next = null;
            for (int i = s.length() - 1; i >= 0 && next == null; i--) {
                next = firstMatching(s.substring(0, i) + s.substring(i + 1));
            }
            if (next == null) {
                return null;
            }
            s = next;
        }
        return s;
    }

    private String firstMatching(String... candidates) {
        for (String c : candidates) {
            if (matchesPattern(c)) {
                return c;
            }
        }
        return null;
    }

    /** A value within the length bounds that fails the pattern. */
    Optional<String> violatingPattern() {
        if (pattern == null) {
            return Optional.empty();
        }
        int preferred = Math.min(Math.max(min, 3), max);
        List<Integer> lengths = new ArrayList<>();
        lengths.add(preferred);
        for (int l = Math.max(min, 1); l <= Math.min(max, min + 8); l++) {
            lengths.add(l);
        }
        for (int length : lengths) {
            if (length < min || length > max) {
                continue;
            }
            for (char c : BAD.toCharArray()) {
                String s = String.valueOf(c).repeat(length);
                if (!pattern.matcher(s).matches()) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    /** A value within the length bounds that is none of the enum values. */
    Optional<String> violatingEnum() {
        for (String candidate : List.of("BOGUS_VALUE", "bogus", "X", "ZZZZZZZZZZZZZZZZ")) {
            int length = candidate.length();
            if (length >= min && length <= max && !enumValues.contains(candidate) && matchesPattern(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
