package steward.node.activation;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import steward.errors.SsmException;
import steward.tagging.Tag;
import steward.tagging.TagOperations;
import steward.tenant.Tenant;

/**
 * Hybrid activations: creation (the code is returned once and kept only as a salted hash),
 * listing, deletion, and the redemption a registering agent makes. Deleting an activation stops
 * further registrations only: nodes already registered with it stay, as on AWS.
 */
public final class ActivationService {
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
    public static final Duration MAX_LIFETIME = Duration.ofDays(30);
    public static final int DEFAULT_REGISTRATION_LIMIT = 1;
    public static final String INVALID_PARAMETERS = "InvalidParameters";
    public static final String INVALID_ACTIVATION = "InvalidActivation";

    /** What CreateActivation returns: the only time the code is ever shown. */
    public record Created(String activationId, String activationCode) {
    }

    /** What a caller asks for; null members take their defaults. */
    public record Request(String description, String defaultInstanceName, String iamRole, Integer registrationLimit,
                          Instant expirationDate, List<Tag> tags,
                          List<Activation.RegistrationMetadataItem> registrationMetadata) {
    }

    private final ActivationStore store;
    private final InstantSource clock;

    public ActivationService(ActivationStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public Created create(Tenant tenant, Request request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expiration = request.expirationDate() == null ? now.plus(DEFAULT_LIFETIME) : request.expirationDate();
        if (!expiration.isAfter(now)) {
            throw new SsmException(INVALID_PARAMETERS, "ExpirationDate " + expiration + " is not in the future.");
        }
        if (expiration.isAfter(now.plus(MAX_LIFETIME))) {
            throw new SsmException(INVALID_PARAMETERS, "ExpirationDate " + expiration
                    + " is more than 30 days away; an activation expires within 30 days of its creation.");
        }
        if (request.iamRole().isBlank()) {
            throw new SsmException(INVALID_PARAMETERS, "IamRole must name the role nodes registered with this "
                    + "activation act as; it may not be blank.");
        }
        List<Tag> tags = request.tags() == null ? List.of() : List.copyOf(request.tags());
        checkTags(tags);
        String code = ActivationCodes.newCode();
        ActivationCodes.Hashed hashed = ActivationCodes.hash(code);
        Activation activation = new Activation(tenant, UUID.randomUUID().toString(), 0, request.description(),
                request.defaultInstanceName(), request.iamRole(),
                request.registrationLimit() == null ? DEFAULT_REGISTRATION_LIMIT : request.registrationLimit(), 0,
                expiration, now, tags,
                request.registrationMetadata() == null ? List.of() : List.copyOf(request.registrationMetadata()));
        store.insert(activation, hashed.salt(), hashed.hash());
        return new Created(activation.activationId(), code);
    }

    public List<Activation> list(Tenant tenant, ActivationFilter filter, long afterSeq, int limit) {
        return store.list(tenant, filter, afterSeq, limit);
    }

    /** {@code InvalidActivation} when the tenant has no such activation (never had, or deleted). */
    public void delete(Tenant tenant, String activationId) {
        if (!store.delete(tenant, activationId)) {
            throw new SsmException(INVALID_ACTIVATION, "Activation " + activationId
                    + " does not exist; it may have been deleted.");
        }
    }

    public ActivationStore.RedeemResult redeem(String activationId, String code) {
        return store.redeem(activationId, code, clock.instant());
    }

    public Instant now() {
        return clock.instant();
    }

    private static void checkTags(List<Tag> tags) {
        Set<String> keys = new HashSet<>();
        for (Tag tag : tags) {
            if (tag.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new SsmException(INVALID_PARAMETERS, "Tag key " + tag.key()
                        + " is not allowed: the aws: prefix is reserved.");
            }
            if (!keys.add(tag.key())) {
                throw new SsmException(INVALID_PARAMETERS, "Tag key " + tag.key() + " appears more than once in Tags.");
            }
        }
        if (tags.size() > TagOperations.MAX_TAGS_PER_RESOURCE) {
            throw new SsmException(INVALID_PARAMETERS, "Tags may hold at most " + TagOperations.MAX_TAGS_PER_RESOURCE
                    + " tags.");
        }
    }
}
