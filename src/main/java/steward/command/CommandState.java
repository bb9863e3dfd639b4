package steward.command;

import java.time.Instant;

/** A command's status and counts as ListCommands reports them; {@code endedAt} is null while it runs. */
public record CommandState(String status, String statusDetails, int targetCount, int completedCount, int errorCount,
                           int deliveryTimedOutCount, Instant endedAt) {
    public static CommandState pending(int targets) {
        return new CommandState(CommandStatus.PENDING, CommandStatus.PENDING, targets, 0, 0, 0, null);
    }
}
