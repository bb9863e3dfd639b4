package steward.node.agent.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import steward.node.CommandResult;
import steward.node.PluginResult;

/**
 * An agent's terminal report as the runner's {@link CommandResult}: the document status as
 * AWS's Status/StatusDetails pair, and each step from the per-plugin replies (the final reply
 * of a multi-step document carries none), in the document's order. The invocation's exit code
 * is the last step's that ran; its output the steps' output in order.
 */
final class AgentResults {
    private AgentResults() {
    }

    static CommandResult of(String documentStatus, ObjectNode plugins) {
        String[] pair = pair(documentStatus);
        // Plugin entries in the order the agent first reported them; Steward's own keys start with "_".
        List<String> names = new ArrayList<>();
        plugins.properties().forEach(e -> {
            if (!e.getKey().startsWith("_")) {
                names.add(e.getKey());
            }
        });
        List<PluginResult> steps = new ArrayList<>();
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        int code = -1;
        Instant started = null;
        Instant ended = null;
        for (String name : names) {
            JsonNode entry = plugins.get(name);
            if (entry == null || !entry.isObject()) {
                boolean cancelled = "Cancelled".equals(pair[0]);
                steps.add(new PluginResult(name, cancelled ? "Cancelled" : "Failed", cancelled ? "Cancelled" : "Skipped",
                        -1, "", "", null, null));
                continue;
            }
            String[] stepPair = pair(entry.path("status").asText("Failed"));
            if ("Skipped".equals(entry.path("status").asText())) {
                stepPair = new String[] {"Failed", "Skipped"};
            }
            int stepCode = entry.path("code").asInt(-1);
            Instant stepStart = time(entry.path("startDateTime").asText(null));
            Instant stepEnd = time(entry.path("endDateTime").asText(null));
            String out = entry.path("standardOutput").asText("");
            String err = entry.path("standardError").asText("");
            steps.add(new PluginResult(name, stepPair[0], stepPair[1], stepCode, out, err, stepStart, stepEnd));
            stdout.append(out);
            stderr.append(err);
            code = stepCode;
            started = started == null ? stepStart : started;
            ended = stepEnd != null ? stepEnd : ended;
        }
        return new CommandResult(pair[0], pair[1], code, stdout.toString(), stderr.toString(), steps, started, ended);
    }

    /** An agent status as Status and StatusDetails. */
    static String[] pair(String status) {
        return switch (status) {
            case "Success", "SuccessAndReboot", "Skipped" -> new String[] {"Success", "Success"};
            case "TimedOut" -> new String[] {"TimedOut", "ExecutionTimedOut"};
            case "Cancelled" -> new String[] {"Cancelled", "Cancelled"};
            default -> new String[] {"Failed", "Failed"};
        };
    }

    private static Instant time(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
