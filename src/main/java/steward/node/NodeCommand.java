package steward.node;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import steward.document.DocumentVersion;

/**
 * One document to run on one node: what a {@link NodeCommands} implementation hands over.
 * Run Command and association runs build it the same way; an agent needs nothing else.
 *
 * @param commandId the invocation's command id: a SendCommand's CommandId, or for an
 *                  association run the target's {@code OutputSource.OutputSourceId}; the node
 *                  reports, and is cancelled, under this id
 * @param associationId the association for an association run, null for Run Command
 * @param documentName the document's name (never an ARN)
 * @param parameters the parameters as sent, already checked against the document; parameters
 *                   the sender left out are absent (the agent applies the document's defaults)
 * @param document the concrete version resolved when the command was sent or the run started
 *                 ({@link DocumentVersion#contentAsJson()} is the content an agent reads); null
 *                 only where a test runs without documents
 * @param pluginNames the names of the document's steps (mainSteps[].name, or runtimeConfig keys
 *                    for schema 1.2), in order: per-plugin results are reported under them
 * @param executionTimeout how long the node may run the document once it started it (the
 *                         document's {@code executionTimeout} parameter, 3,600 s unless set);
 *                         the node stops the run and reports {@code ExecutionTimedOut} past it
 * @param deliverBy the delivery deadline (SendCommand's TimeoutSeconds from the request): a
 *                  node that has not started the command by then must not start it; the runner
 *                  ends the invocation {@code DeliveryTimedOut} and calls
 *                  {@link NodeCommands#cancel}; null for none
 */
public record NodeCommand(String commandId, String associationId, String documentName,
                          Map<String, List<String>> parameters, DocumentVersion document, List<String> pluginNames,
                          Duration executionTimeout, Instant deliverBy) {
    public static final Duration DEFAULT_EXECUTION_TIMEOUT = Duration.ofHours(1);

    public NodeCommand {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        pluginNames = pluginNames == null ? List.of() : List.copyOf(pluginNames);
        executionTimeout = executionTimeout == null ? DEFAULT_EXECUTION_TIMEOUT : executionTimeout;
    }

    public NodeCommand(String commandId, String associationId, String documentName, Map<String, List<String>> parameters,
                       DocumentVersion document) {
        this(commandId, associationId, documentName, parameters, document, null, null, null);
    }

    public NodeCommand(String commandId, String associationId, String documentName, Map<String, List<String>> parameters) {
        this(commandId, associationId, documentName, parameters, null);
    }

    /** The version as the API writes it ("1", "2", ...); null without a document. */
    public String documentVersion() {
        return document == null ? null : document.documentVersion();
    }

    /** The content an agent runs, as JSON; null without a document. */
    public String documentContent() {
        return document == null ? null : document.contentAsJson();
    }
}
