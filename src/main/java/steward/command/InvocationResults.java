package steward.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import steward.node.CommandResult;
import steward.node.PluginResult;

/** Turns what a node reported into the invocation AWS shows: statuses, exit code, output cut to AWS's sizes. */
final class InvocationResults {
    private InvocationResults() {
    }

    static Invocation ended(Invocation current, CommandResult result, Instant at) {
        Instant started = result.startedAt() != null ? result.startedAt() : current.startedAt();
        Instant ended = result.endedAt() != null ? result.endedAt() : at;
        List<Invocation.PluginOutput> plugins = new ArrayList<>();
        for (PluginResult p : result.plugins()) {
            plugins.add(new Invocation.PluginOutput(p.name(), p.status(), p.statusDetails(), p.responseCode(),
                    p.startedAt(), p.finishedAt(), OutputLimits.pluginOutput(p.standardOutput(), p.standardError()),
                    OutputLimits.cut(p.standardOutput(), OutputLimits.STANDARD_OUTPUT),
                    OutputLimits.cut(p.standardError(), OutputLimits.STANDARD_ERROR)));
        }
        if (plugins.isEmpty()) {
            plugins = pluginsEnded(current, result.status(), result.statusDetails(), ended);
        }
        return current.ended(result.status(), result.statusDetails(), result.responseCode(), started, ended,
                OutputLimits.cut(result.standardOutput(), OutputLimits.STANDARD_OUTPUT),
                OutputLimits.cut(result.standardError(), OutputLimits.STANDARD_ERROR), plugins);
    }

    /** Steps that never ran take the invocation's end, without output. */
    static List<Invocation.PluginOutput> pluginsEnded(Invocation current, String status, String details, Instant at) {
        List<Invocation.PluginOutput> plugins = new ArrayList<>();
        for (Invocation.PluginOutput p : current.plugins()) {
            plugins.add(new Invocation.PluginOutput(p.name(), pluginStatus(status), details, -1, p.startedAt(), at, "",
                    "", ""));
        }
        return plugins;
    }

    static List<Invocation.PluginOutput> pluginsIn(Invocation current, String status) {
        List<Invocation.PluginOutput> plugins = new ArrayList<>();
        for (Invocation.PluginOutput p : current.plugins()) {
            plugins.add(new Invocation.PluginOutput(p.name(), status, status, p.responseCode(), p.startedAt(),
                    p.finishedAt(), p.output(), p.standardOutput(), p.standardError()));
        }
        return plugins;
    }

    /** Plugins have no Cancelling or Delayed: CommandPluginStatus is Pending, InProgress, Success, TimedOut, Cancelled, Failed. */
    private static String pluginStatus(String status) {
        return switch (status) {
            case CommandStatus.CANCELLING -> CommandStatus.CANCELLED;
            case CommandStatus.DELAYED -> CommandStatus.PENDING;
            default -> status;
        };
    }

    /** Pending plugins for a new invocation, one per step. */
    static List<Invocation.PluginOutput> pendingPlugins(List<String> names) {
        List<Invocation.PluginOutput> plugins = new ArrayList<>();
        for (String name : names) {
            plugins.add(new Invocation.PluginOutput(name, CommandStatus.PENDING, CommandStatus.PENDING, -1, null, null,
                    "", "", ""));
        }
        return plugins;
    }
}
