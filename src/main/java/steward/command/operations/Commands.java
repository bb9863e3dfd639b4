package steward.command.operations;

import steward.command.Command;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.storage.CommandStore;
import steward.tenant.Tenant;

/** Command ids as the read operations check them: an id the tenant has no command under is InvalidCommandId. */
final class Commands {
    private Commands() {
    }

    /** A command ListCommands shows (not an association target's). */
    static Command requireListed(CommandStore store, Tenant tenant, String commandId) {
        return store.find(tenant, commandId).filter(c -> Command.RUN_COMMAND.equals(c.origin()))
                .orElseThrow(() -> invalid(commandId));
    }

    /** Any command, an association target's included. */
    static Command require(CommandStore store, Tenant tenant, String commandId) {
        return store.find(tenant, commandId).orElseThrow(() -> invalid(commandId));
    }

    static SsmException invalid(String commandId) {
        return new SsmException(ErrorCodes.INVALID_COMMAND_ID, "The command ID " + commandId + " is not valid.");
    }
}
