package steward.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * The SSM operations only agents call (Steward's own model file), merged into the public model so
 * the model-driven tests cover them too. The two RSA-signed operations are left out: no
 * HMAC-signed probe can get past their signature check to their validation.
 */
public final class AgentOperations {
    public static final String RESOURCE = "/steward/protocol/ssm-agent-operations.json";
    public static final Set<String> RSA_SIGNED = Set.of("RequestManagedInstanceRoleToken", "UpdateManagedInstancePublicKey");

    private AgentOperations() {
    }

    public static JsonNode merge(JsonNode publicModel) {
        try (InputStream in = AgentOperations.class.getResourceAsStream(RESOURCE)) {
            JsonNode agent = new ObjectMapper().readTree(in);
            ObjectNode merged = publicModel.deepCopy();
            agent.get("operations").properties().forEach(e -> {
                if (!RSA_SIGNED.contains(e.getKey())) {
                    ((ObjectNode) merged.get("operations")).set(e.getKey(), e.getValue());
                }
            });
            agent.get("shapes").properties().forEach(e -> ((ObjectNode) merged.get("shapes")).set(e.getKey(), e.getValue()));
            return merged;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
