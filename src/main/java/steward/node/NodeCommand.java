package steward.node;

import java.util.List;
import java.util.Map;
import steward.document.DocumentVersion;

/**
 * One document run on one node, identified by its command id (the target's OutputSourceId).
 * {@code document} is the version the association named when the run started (null only where
 * a test runs without documents).
 */
public record NodeCommand(String commandId, String associationId, String documentName,
                          Map<String, List<String>> parameters, DocumentVersion document) {
    public NodeCommand(String commandId, String associationId, String documentName, Map<String, List<String>> parameters) {
        this(commandId, associationId, documentName, parameters, null);
    }
}
