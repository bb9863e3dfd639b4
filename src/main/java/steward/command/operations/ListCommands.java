package steward.command.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import steward.command.Command;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.CommandStore;

/**
 * ListCommands: the tenant's commands newest first, by CommandId, InstanceId and filters,
 * keyset-paged on the command's seq. Association runs' per-target commands are not listed.
 */
public final class ListCommands implements Operation {
    static final int DEFAULT_MAX_RESULTS = 50;

    record Response(List<CommandView> commands, String nextToken) {
    }

    private final CommandStore store;
    private final PageTokens tokens;

    public ListCommands(CommandStore store, PageTokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "ListCommands";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String commandId = Inputs.text(input, "CommandId");
        String instanceId = Inputs.text(input, "InstanceId");
        CommandFilters filters = CommandFilters.parse(input.get("Filters"));
        String binding = commandId + "\u0002" + instanceId + "\u0002" + filters.binding();
        String token = Inputs.text(input, "NextToken");
        Long before = token == null ? null : tokens.openNumber(name(), call.tenant(), binding, token);
        if (commandId != null) {
            Commands.requireListed(store, call.tenant(), commandId);
        }
        if (filters.matchesNothing()) {
            return new Response(List.of(), null);
        }
        int limit = Inputs.integer(input, "MaxResults", DEFAULT_MAX_RESULTS);
        Page<Command> page = Page.of(store.commands(call.tenant(), filters.query(commandId, instanceId, false), before,
                limit + 1), limit);
        String next = page.more() ? tokens.seal(name(), call.tenant(), binding, Long.toString(page.last().seq())) : null;
        return new Response(page.items().stream().map(CommandView::of).toList(), next);
    }
}
