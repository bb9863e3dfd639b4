package steward.command.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import steward.command.Command;
import steward.command.CommandDefinition;
import steward.command.Invocation;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.CommandStore;

/**
 * GetCommandInvocation: one node's result of a command, or of one step (PluginName). Without
 * PluginName, a one-step document answers for the invocation under its step's name; a document
 * of several steps needs the name, as AWS documents. Times are ISO-8601 text; the elapsed time
 * an ISO-8601 duration.
 * Works for association targets too: CommandId is the target's OutputSourceId.
 */
public final class GetCommandInvocation implements Operation {
    record Response(String commandId, String instanceId, String comment, String documentName, String documentVersion,
                    String pluginName, Integer responseCode, String executionStartDateTime,
                    String executionElapsedTime, String executionEndDateTime, String status, String statusDetails,
                    String standardOutputContent, String standardOutputUrl, String standardErrorContent,
                    String standardErrorUrl, CommandDefinition.CloudWatchOutputConfig cloudWatchOutputConfig) {
    }

    private final CommandStore store;

    public GetCommandInvocation(CommandStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "GetCommandInvocation";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String commandId = Inputs.text(input, "CommandId");
        String instanceId = Inputs.text(input, "InstanceId");
        String pluginName = Inputs.text(input, "PluginName");
        Command command = Commands.require(store, call.tenant(), commandId);
        Invocation i = store.invocation(call.tenant(), commandId, instanceId).orElseThrow(() -> new SsmException(
                ErrorCodes.INVOCATION_DOES_NOT_EXIST, "Command " + commandId + " has no invocation on " + instanceId + "."));
        CommandDefinition d = command.definition();
        String comment = d.comment() == null ? "" : d.comment();
        Invocation.PluginOutput plugin = plugin(i, pluginName);
        if (plugin == null) {
            String only = i.plugins().size() == 1 ? i.plugins().get(0).name() : "";
            return new Response(commandId, instanceId, comment, command.documentName(), command.documentVersion(), only,
                    i.responseCode(), text(i.startedAt()), elapsed(i.startedAt(), i.endedAt()), text(i.endedAt()),
                    i.status(), i.statusDetails(), i.standardOutput(), "", i.standardError(), "",
                    CommandView.cloudWatch(d));
        }
        // A step's result, unless the invocation ended before the step reported one of its own.
        boolean own = plugin.finishedAt() != null || !isFinal(i);
        return new Response(commandId, instanceId, comment, command.documentName(), command.documentVersion(),
                plugin.name(), plugin.responseCode(), text(plugin.startedAt()),
                elapsed(plugin.startedAt(), plugin.finishedAt()), text(plugin.finishedAt()),
                own ? plugin.status() : i.status(), own ? plugin.statusDetails() : i.statusDetails(),
                plugin.standardOutput(), "", plugin.standardError(), "", CommandView.cloudWatch(d));
    }

    private static boolean isFinal(Invocation i) {
        return steward.command.CommandStatus.isFinal(i.status());
    }

    /** The step asked for; null without a name, for the invocation as a whole (its only step's name is shown). */
    private static Invocation.PluginOutput plugin(Invocation i, String name) {
        if (name == null) {
            if (i.plugins().size() > 1) {
                throw new SsmException(ErrorCodes.INVALID_PLUGIN_NAME, "The document has several steps; name one in "
                        + "PluginName: " + String.join(", ", i.plugins().stream().map(Invocation.PluginOutput::name)
                        .toList()) + ".");
            }
            return null;
        }
        return i.plugins().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new SsmException(
                ErrorCodes.INVALID_PLUGIN_NAME, "The plugin name " + name + " is not a step of the document."));
    }

    private static String text(Instant at) {
        return at == null ? "" : at.toString();
    }

    private static String elapsed(Instant start, Instant end) {
        return start == null || end == null ? "" : Duration.between(start, end).toString();
    }
}
