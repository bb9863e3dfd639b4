package steward.command;

import java.time.Instant;
import java.util.List;
import steward.tenant.Tenant;

/**
 * One command on one node, with its output as AWS keeps it (see {@link OutputLimits}).
 *
 * @param responseCode the exit code; -1 until the node reports one
 */
public record Invocation(Tenant tenant, String commandId, String instanceId, long commandSeq, String origin,
                         String instanceName, String status, String statusDetails, Instant requestedAt,
                         int responseCode, Instant startedAt, Instant endedAt, String standardOutput,
                         String standardError, List<PluginOutput> plugins) {

    /** One step's result: the CommandPlugin shape, with the step's own output for GetCommandInvocation. */
    public record PluginOutput(String name, String status, String statusDetails, int responseCode, Instant startedAt,
                               Instant finishedAt, String output, String standardOutput, String standardError) {
    }

    public Invocation with(String newStatus, String newDetails) {
        return new Invocation(tenant, commandId, instanceId, commandSeq, origin, instanceName, newStatus, newDetails,
                requestedAt, responseCode, startedAt, endedAt, standardOutput, standardError, plugins);
    }

    public Invocation startedAt(Instant at) {
        return new Invocation(tenant, commandId, instanceId, commandSeq, origin, instanceName, CommandStatus.IN_PROGRESS,
                CommandStatus.IN_PROGRESS, requestedAt, responseCode, at, endedAt, standardOutput, standardError, plugins);
    }

    public Invocation ended(String newStatus, String newDetails, int code, Instant started, Instant ended, String stdout,
                            String stderr, List<PluginOutput> newPlugins) {
        return new Invocation(tenant, commandId, instanceId, commandSeq, origin, instanceName, newStatus, newDetails,
                requestedAt, code, started, ended, stdout, stderr, newPlugins);
    }
}
