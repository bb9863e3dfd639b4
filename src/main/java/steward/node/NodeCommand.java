package steward.node;

import java.util.List;
import java.util.Map;

/** One document run on one node, identified by its command id (the target's OutputSourceId). */
public record NodeCommand(String commandId, String associationId, String documentName,
                          Map<String, List<String>> parameters) {
}
