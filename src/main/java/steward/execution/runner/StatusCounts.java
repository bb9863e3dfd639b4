package steward.execution.runner;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Targets per status, rendered as AWS renders ResourceCountByStatus: {@code {Failed=1, Success=2}}. */
final class StatusCounts {
    private final Map<String, Integer> counts = new HashMap<>();

    void add(String status) {
        counts.merge(status, 1, Integer::sum);
    }

    void move(String from, String to) {
        counts.computeIfPresent(from, (k, v) -> v == 1 ? null : v - 1);
        add(to);
    }

    int get(String status) {
        return counts.getOrDefault(status, 0);
    }

    Map<String, Integer> asMap() {
        return new TreeMap<>(counts);
    }

    String render() {
        return new TreeMap<>(counts).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
