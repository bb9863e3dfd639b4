package steward.node.activation;

import java.util.List;
import java.util.Optional;
import steward.tenant.Tenant;

/** Durable activations. Lookups by id alone serve registration, which names no tenant. */
public interface ActivationStore {
    /** What a registration attempt found, decided in one transaction with the count's increment. */
    enum Redemption { REDEEMED, UNKNOWN, WRONG_CODE, EXPIRED, LIMIT_REACHED }

    /** Stores a new activation with the code's salt and hash. */
    Activation insert(Activation activation, String codeSalt, String codeHash);

    Optional<Activation> find(String activationId);

    /** Activations of the tenant matching {@code filter}, with seq above {@code afterSeq}, by seq. */
    List<Activation> list(Tenant tenant, ActivationFilter filter, long afterSeq, int limit);

    boolean delete(Tenant tenant, String activationId);

    /** The outcome of a registration attempt, with the activation when it was found. */
    record RedeemResult(Redemption outcome, Activation activation) {
    }

    /**
     * Checks the code (against its salted hash), the expiry and the limit, and counts one
     * registration, in one transaction, so two agents racing for the last registration cannot
     * both get it.
     */
    RedeemResult redeem(String activationId, String code, java.time.Instant now);
}
