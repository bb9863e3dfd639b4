package steward.command.operations;

import java.util.List;
import steward.command.CommandRunner;
import steward.paging.PageTokens;
import steward.protocol.Operation;
import steward.storage.CommandStore;

/** Run Command's operations, for the dispatcher. */
public final class CommandOperations {
    private CommandOperations() {
    }

    public static List<Operation> operations(CommandRunner runner, CommandStore store, PageTokens tokens) {
        return List.of(new SendCommand(runner), new CancelCommand(runner), new ListCommands(store, tokens),
                new ListCommandInvocations(store, tokens), new GetCommandInvocation(store));
    }
}
