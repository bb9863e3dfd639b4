package steward.command;

import java.time.Instant;
import java.util.List;
import steward.association.AlarmStateInformation;
import steward.tenant.Tenant;

/**
 * One command: a SendCommand ({@link #RUN_COMMAND}), or one target of an association run
 * ({@link #ASSOCIATION}), whose id is the target's OutputSourceId.
 *
 * @param seq the store's insertion order, the keyset of ListCommands (0 before it is stored)
 * @param endedAt when it reached a final status; null while it runs
 */
public record Command(Tenant tenant, long seq, String commandId, String origin, String associationId,
                      String documentName, String documentVersion, Instant requestedAt, Instant expiresAfter,
                      CommandState state, CommandDefinition definition, List<AlarmStateInformation> triggeredAlarms) {
    public static final String RUN_COMMAND = "RunCommand";
    public static final String ASSOCIATION = "Association";

    public Command withSeq(long newSeq) {
        return new Command(tenant, newSeq, commandId, origin, associationId, documentName, documentVersion, requestedAt,
                expiresAfter, state, definition, triggeredAlarms);
    }

    public Command withState(CommandState newState, List<AlarmStateInformation> alarms) {
        return new Command(tenant, seq, commandId, origin, associationId, documentName, documentVersion, requestedAt,
                expiresAfter, newState, definition, alarms);
    }
}
