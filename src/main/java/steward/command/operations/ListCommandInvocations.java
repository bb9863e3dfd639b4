package steward.command.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import steward.command.Command;
import steward.command.CommandDefinition;
import steward.command.Invocation;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.CommandStore;

/**
 * ListCommandInvocations: invocations newest command first, then by instance id; with Details,
 * each one's CommandPlugins and their Output. Asked by CommandId, an association target's
 * command (its OutputSourceId) is listed too; unfiltered listings leave association runs out.
 */
public final class ListCommandInvocations implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;

    record Plugin(String name, String status, String statusDetails, Integer responseCode, Instant responseStartDateTime,
                  Instant responseFinishDateTime, String output, String standardOutputUrl, String standardErrorUrl,
                  String outputS3Region, String outputS3BucketName, String outputS3KeyPrefix) {
    }

    record Item(String commandId, String instanceId, String instanceName, String comment, String documentName,
                String documentVersion, Instant requestedDateTime, String status, String statusDetails,
                String traceOutput, String standardOutputUrl, String standardErrorUrl, List<Plugin> commandPlugins,
                String serviceRole, CommandDefinition.NotificationConfig notificationConfig,
                CommandDefinition.CloudWatchOutputConfig cloudWatchOutputConfig) {
    }

    record Response(List<Item> commandInvocations, String nextToken) {
    }

    private final CommandStore store;
    private final PageTokens tokens;

    public ListCommandInvocations(CommandStore store, PageTokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "ListCommandInvocations";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String commandId = Inputs.text(input, "CommandId");
        String instanceId = Inputs.text(input, "InstanceId");
        boolean details = input.path("Details").asBoolean(false);
        CommandFilters filters = CommandFilters.parse(input.get("Filters"));
        String binding = commandId + "\u0002" + instanceId + "\u0002" + filters.binding();
        String token = Inputs.text(input, "NextToken");
        CommandStore.InvocationPosition after = token == null ? null
                : position(tokens.open(name(), call.tenant(), binding, token));
        Map<String, Command> commands = new HashMap<>();
        if (commandId != null) {
            commands.put(commandId, Commands.require(store, call.tenant(), commandId));
        }
        if (filters.matchesNothing()) {
            return new Response(List.of(), null);
        }
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        Page<Invocation> page = Page.of(store.invocations(call.tenant(),
                filters.query(commandId, instanceId, commandId != null), after, limit + 1), limit);
        String next = page.more() ? tokens.seal(name(), call.tenant(), binding,
                page.last().commandSeq() + ":" + page.last().instanceId()) : null;
        List<Item> items = page.items().stream().map(i -> item(i, commands.computeIfAbsent(i.commandId(),
                id -> Commands.require(store, call.tenant(), id)), details)).toList();
        return new Response(items, next);
    }

    private static Item item(Invocation i, Command c, boolean details) {
        CommandDefinition d = c.definition();
        List<Plugin> plugins = !details ? List.of() : i.plugins().stream().map(p -> new Plugin(p.name(), p.status(),
                p.statusDetails(), p.responseCode(), p.startedAt(), p.finishedAt(), p.output(), "", "",
                d.outputS3Region(), d.outputS3BucketName(), d.outputS3KeyPrefix())).toList();
        return new Item(i.commandId(), i.instanceId(), i.instanceName(), d.comment() == null ? "" : d.comment(),
                c.documentName(), c.documentVersion(), i.requestedAt(), i.status(), i.statusDetails(), "", "", "",
                plugins, d.serviceRole(), CommandView.notification(d), CommandView.cloudWatch(d));
    }

    private static CommandStore.InvocationPosition position(String opened) {
        int colon = opened.indexOf(':');
        try {
            return new CommandStore.InvocationPosition(Long.parseLong(opened.substring(0, colon)),
                    opened.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new SsmException(ErrorCodes.INVALID_NEXT_TOKEN, "The specified token is not valid.");
        }
    }
}
