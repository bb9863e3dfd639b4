package steward.node.agent.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import steward.tenant.Tenant;

/**
 * The content of the document a command runs, as the JSON object the agent parses (a YAML
 * document converted). Placeholders stay unsubstituted: the agent substitutes them itself.
 */
@FunctionalInterface
public interface CommandDocuments {
    /** @throws steward.errors.SsmException when the tenant cannot run such a document */
    ObjectNode content(Tenant tenant, String name, String documentVersion);
}
