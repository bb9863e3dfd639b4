package steward.node.agent;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import steward.auth.Credential;
import steward.auth.CredentialStore;
import steward.auth.InstanceKeyVerifier;
import steward.errors.SsmException;
import steward.node.NodeService;
import steward.node.activation.ActivationService;
import steward.node.activation.ActivationStore;
import steward.tenant.Tenant;

/**
 * Agents joining and proving who they are: registration with an activation (unsigned), the
 * temporary credentials an RSA-signed agent asks for, key rotation, and deregistration.
 *
 * <p>Credentials live {@link #CREDENTIAL_LIFETIME}: the agent refreshes at half the lifetime,
 * and a lifetime much shorter makes its workers re-read the credentials file constantly. They
 * are stored, so they survive a restart, and refused once expired ({@code ExpiredTokenException}).
 * Deregistering a node deletes its identity and every credential issued to it: its agent can
 * neither sign nor get new credentials, and must register again with an activation.
 */
public final class AgentRegistry {
    public static final Duration CREDENTIAL_LIFETIME = Duration.ofHours(1);
    static final int MAX_ID_ATTEMPTS = 5;
    /** Expired and revoked credentials are still recognized, and refused as such, for this long. */
    static final Duration FORGET_EXPIRED_AFTER = Duration.ofDays(1);
    private static final String ACCESS_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /** What RequestManagedInstanceRoleToken answers; every member must be present for the agent. */
    public record RoleToken(String accessKeyId, String secretAccessKey, String sessionToken,
                            Instant tokenExpirationDate, boolean updateKeyPair) {
        @Override
        public String toString() {
            return "RoleToken[accessKeyId=" + accessKeyId + "]";
        }
    }

    private final ActivationService activations;
    private final AgentStore store;
    private final NodeService nodes;
    private final InstantSource clock;
    private final RegistrationThrottle throttle = new RegistrationThrottle();
    private final SecureRandom random = new SecureRandom();

    public AgentRegistry(ActivationService activations, AgentStore store, NodeService nodes, InstantSource clock) {
        this.activations = activations;
        this.store = store;
        this.nodes = nodes;
        this.clock = clock;
    }

    /** RegisterManagedInstance: a new {@code mi-} node bound to {@code publicKey}. */
    public String register(String activationId, String code, String publicKey, String publicKeyType,
                           String fingerprint) {
        Instant now = clock.instant();
        if (!throttle.allowed(activationId, now)) {
            throw new SsmException("TooManyUpdates", "Too many failed registrations for activation " + activationId
                    + "; wait a minute before trying again.");
        }
        if (publicKeyType != null && !"Rsa".equals(publicKeyType)) {
            throw new SsmException("InvalidPublicKey", "PublicKeyType " + publicKeyType + " is not supported; use Rsa.");
        }
        try {
            InstanceKeyVerifier.publicKey(publicKey);
        } catch (GeneralSecurityException e) {
            throw new SsmException("InvalidPublicKey", "PublicKey is not a base64 DER SubjectPublicKeyInfo of an RSA "
                    + "key of at least 2048 bits: " + e.getMessage());
        }
        ActivationStore.RedeemResult result = activations.redeem(activationId, code);
        switch (result.outcome()) {
            case UNKNOWN, WRONG_CODE -> {
                throttle.failed(activationId, now);
                throw new SsmException(ActivationService.INVALID_ACTIVATION, "The activation isn't valid: the "
                        + "ActivationId and ActivationCode don't match an activation, or it was deleted.");
            }
            case EXPIRED -> throw new SsmException("ActivationExpired", "Activation " + activationId + " expired at "
                    + result.activation().expirationDate() + ".");
            case LIMIT_REACHED -> throw new SsmException("RegistrationLimitExceeded", "Activation " + activationId
                    + " has registered its limit of " + result.activation().registrationLimit() + " nodes.");
            case REDEEMED -> {
                // below
            }
        }
        var activation = result.activation();
        for (int attempt = 1; ; attempt++) {
            String instanceId = newInstanceId();
            AgentIdentity identity = new AgentIdentity(instanceId, activation.tenant(), activation.activationId(),
                    activation.iamRole(), activation.defaultInstanceName(), publicKey, "Rsa", fingerprint,
                    now.truncatedTo(ChronoUnit.MILLIS));
            if (store.insertIdentity(identity)) {
                nodes.registerAgent(activation.tenant(), instanceId, activation.defaultInstanceName(),
                        activation.tags());
                return instanceId;
            }
            if (attempt >= MAX_ID_ATTEMPTS) {
                throw SsmException.internal("Could not allocate a managed instance id.");
            }
        }
    }

    /** RequestManagedInstanceRoleToken, for an agent whose RSA signature was verified. */
    public RoleToken roleToken(String instanceId, String fingerprint) {
        AgentIdentity identity = store.findIdentity(instanceId).orElseThrow(() -> invalidInstance(instanceId));
        if (!identity.fingerprint().equals(fingerprint)) {
            throw new SsmException("MachineFingerprintDoesNotMatch", "The fingerprint " + fingerprint
                    + " does not match the one node " + instanceId + " registered with.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        store.deleteExpiredCredentials(now.minus(FORGET_EXPIRED_AFTER).toEpochMilli());
        InstanceCredential credential = new InstanceCredential("ASIA" + randomText(16), randomBase64(30),
                randomBase64(96), instanceId, identity.tenant(), now.plus(CREDENTIAL_LIFETIME), false);
        store.insertCredential(credential);
        return new RoleToken(credential.accessKeyId(), credential.secretAccessKey(), credential.sessionToken(),
                credential.expiresAt(), false);
    }

    /** UpdateManagedInstancePublicKey, signed with the old key: from now on the new key signs. */
    public void updatePublicKey(String instanceId, String newPublicKey, String newPublicKeyType) {
        AgentIdentity identity = store.findIdentity(instanceId).orElseThrow(() -> invalidInstance(instanceId));
        if (!"Rsa".equals(newPublicKeyType)) {
            throw new SsmException("InvalidPublicKey", "NewPublicKeyType " + newPublicKeyType + " is not supported; "
                    + "use Rsa.");
        }
        try {
            InstanceKeyVerifier.publicKey(newPublicKey);
        } catch (GeneralSecurityException e) {
            throw new SsmException("InvalidPublicKey", "NewPublicKey is not a base64 DER SubjectPublicKeyInfo of an "
                    + "RSA key of at least 2048 bits: " + e.getMessage());
        }
        if (identity.publicKey().equals(newPublicKey)) {
            throw new SsmException("PublicKeyAlreadyRegistered", "NewPublicKey is the key already registered.");
        }
        store.updatePublicKey(instanceId, newPublicKey, newPublicKeyType);
    }

    /**
     * DeregisterManagedInstance: the node, its identity and its credentials go. Simulated
     * {@code mi-} nodes can be deregistered the same way.
     */
    public void deregister(Tenant tenant, String instanceId) {
        boolean agent = store.deleteIdentity(tenant, instanceId);
        boolean node = nodes.find(tenant, instanceId).isPresent();
        if (node) {
            nodes.delete(tenant, instanceId);
        }
        if (!agent && !node) {
            throw new SsmException("InvalidInstanceId", "Instance " + instanceId + " is not a managed node of this "
                    + "account and Region.");
        }
    }

    public Map<String, AgentIdentity> identities(Tenant tenant, Collection<String> instanceIds) {
        return store.identities(tenant, instanceIds);
    }

    public Optional<AgentIdentity> identity(String instanceId) {
        return store.findIdentity(instanceId);
    }

    /** The RSA keys agents sign with, for {@link InstanceKeyVerifier}. */
    public InstanceKeyVerifier.Keys keys() {
        return instanceId -> store.findIdentity(instanceId)
                .map(i -> new InstanceKeyVerifier.RegisteredKey(i.instanceId(), i.tenant(), i.publicKey()));
    }

    /** The credentials issued to agents; an expired one is refused rather than passed on to another store. */
    public CredentialStore credentials() {
        return accessKeyId -> {
            if (accessKeyId == null || !accessKeyId.startsWith("ASIA")) {
                return Optional.empty();
            }
            return store.findCredential(accessKeyId).map(c -> {
                if (c.revoked()) {
                    throw new SsmException("UnrecognizedClientException", "The security token included in the request "
                            + "is invalid.");
                }
                if (!clock.instant().isBefore(c.expiresAt())) {
                    throw new SsmException("ExpiredTokenException", "The security token included in the request is "
                            + "expired");
                }
                return Credential.forInstance(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.instanceId(),
                        c.tenant());
            });
        };
    }

    private String newInstanceId() {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return "mi-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ACCESS_KEY_ALPHABET.charAt(random.nextInt(ACCESS_KEY_ALPHABET.length())));
        }
        return text.toString();
    }

    private String randomBase64(int bytes) {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        return Base64.getEncoder().encodeToString(data);
    }

    static SsmException invalidInstance(String instanceId) {
        return new SsmException("InvalidInstanceId", "Instance " + instanceId + " is not registered.");
    }
}
