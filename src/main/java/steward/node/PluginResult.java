package steward.node;

import java.time.Instant;

/**
 * How one step (plugin) of a document ended on a node, as ListCommandInvocations' CommandPlugin
 * reports it. Text may be of any length: the runner keeps what AWS keeps (see {@link CommandResult}).
 *
 * @param name the step's name, one of {@link NodeCommand#pluginNames()}
 * @param status Success, Failed, TimedOut or Cancelled (a step never reached: Cancelled, or
 *               Failed with statusDetails "Skipped" as the agent reports it)
 * @param responseCode the step's exit code; -1 when it never produced one
 * @param startedAt when the step started (null if it never did), {@code finishedAt} when it ended
 */
public record PluginResult(String name, String status, String statusDetails, int responseCode,
                           String standardOutput, String standardError, Instant startedAt, Instant finishedAt) {
}
