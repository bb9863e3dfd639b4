package steward.execution.runner;

import java.time.Instant;
import java.util.List;
import steward.association.Association;
import steward.document.DocumentVersion;
import steward.node.CommandResult;
import steward.node.ManagedNode;
import steward.node.NodeCommand;

/**
 * What an association run needs from Run Command: the command each target is sent (built from
 * the document version the run resolved), and a place to keep each target's invocation and output under
 * its OutputSourceId, so GetCommandInvocation opens it. Calls other than {@link #command} are
 * made holding the run's lock, in order.
 */
public interface AssociationInvocations {
    /** The command a target is sent; {@code document} is the version the run resolved (null without documents). */
    NodeCommand command(Association association, DocumentVersion document, ManagedNode node, String commandId,
                        Instant requestedAt);

    /** Records the targets' invocations, Pending, before any is sent. */
    void opened(Association association, List<Dispatch.Target> targets, Instant at);

    /**
     * A run taken over from a server that stopped: picks up the invocations of these targets (not
     * yet final) as that server left them in the store.
     */
    void reopened(List<Dispatch.Target> targets);

    void started(Dispatch.Target target, Instant at);

    void ended(Dispatch.Target target, CommandResult result, Instant at);
}
