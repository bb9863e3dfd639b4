package steward.node.agent;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import steward.tenant.Tenant;

/** Durable agent identities and the credentials issued to them. */
public interface AgentStore {
    /** False if the instance id is taken (ids are unique across tenants). */
    boolean insertIdentity(AgentIdentity identity);

    Optional<AgentIdentity> findIdentity(String instanceId);

    /** The identities of those of {@code instanceIds} that are agents of the tenant. */
    Map<String, AgentIdentity> identities(Tenant tenant, Collection<String> instanceIds);

    void updatePublicKey(String instanceId, String publicKey, String publicKeyType);

    /** Forgets the identity and revokes every credential issued to it; false if there was none. */
    boolean deleteIdentity(Tenant tenant, String instanceId);

    void insertCredential(InstanceCredential credential);

    Optional<InstanceCredential> findCredential(String accessKeyId);

    /** Removes credentials that expired before {@code epochMillis}, revoked or not. */
    int deleteExpiredCredentials(long epochMillis);
}
