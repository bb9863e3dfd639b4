package steward.node.activation;

import java.time.Instant;
import java.util.List;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/**
 * A hybrid activation: what lets an agent register a machine as a managed node. The code is
 * not part of it: only its salted hash is kept ({@link ActivationCodes}).
 */
public record Activation(Tenant tenant, String activationId, long seq, String description, String defaultInstanceName,
                         String iamRole, int registrationLimit, int registrationsCount, Instant expirationDate,
                         Instant createdDate, List<Tag> tags, List<RegistrationMetadataItem> registrationMetadata) {

    public record RegistrationMetadataItem(String key, String value) {
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expirationDate);
    }
}
