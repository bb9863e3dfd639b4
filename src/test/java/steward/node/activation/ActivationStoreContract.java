package steward.node.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.node.activation.ActivationStore.Redemption;
import steward.storage.Database;
import steward.storage.sql.SqlActivationStore;
import steward.tagging.Tag;
import steward.tenant.Tenant;
import steward.testing.Race;
import steward.testing.StoreFactory;

/**
 * What every ActivationStore does, on SQLite and PostgreSQL alike. Two Databases on one store
 * play two servers: registrations racing for the last places, and activations created at once,
 * must come out as if one ran after the other.
 */
public abstract class ActivationStoreContract {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");

    private final StoreFactory stores = stores();
    private Database database;
    private Database secondServer;
    private ActivationStore store;
    private ActivationStore other;

    protected abstract StoreFactory stores();

    @BeforeEach
    void open() {
        database = stores.open();
        secondServer = stores.openAgain();
        store = new SqlActivationStore(database);
        other = new SqlActivationStore(secondServer);
    }

    @AfterEach
    void close() {
        secondServer.close();
        database.close();
    }

    private static Activation activation(Tenant tenant, String role, int limit) {
        return new Activation(tenant, UUID.randomUUID().toString(), 0, "desc", "web", role, limit, 0,
                T0.plusSeconds(3600), T0, List.of(new Tag("team", "ops")),
                List.of(new Activation.RegistrationMetadataItem("k", "v")));
    }

    private Activation insert(ActivationStore on, Activation a, String code) {
        ActivationCodes.Hashed hashed = ActivationCodes.hash(code);
        return on.insert(a, hashed.salt(), hashed.hash());
    }

    @Test
    void anActivationReadsBackOnTheOtherServer() {
        Activation a = insert(store, activation(TENANT, "SSMRole", 5), "code");
        assertEquals(a, other.find(a.activationId()).orElseThrow());
        assertTrue(other.delete(TENANT, a.activationId()));
        assertFalse(store.delete(TENANT, a.activationId()));
        assertTrue(store.find(a.activationId()).isEmpty());
    }

    @Test
    void redeemChecksTheCodeTheExpiryAndTheLimit() {
        Activation a = insert(store, activation(TENANT, "SSMRole", 1), "right");
        assertEquals(Redemption.UNKNOWN, store.redeem("nope", "right", T0).outcome());
        assertEquals(Redemption.WRONG_CODE, store.redeem(a.activationId(), "wrong", T0).outcome());
        assertEquals(Redemption.EXPIRED, store.redeem(a.activationId(), "right", T0.plusSeconds(3600)).outcome());
        assertEquals(Redemption.REDEEMED, other.redeem(a.activationId(), "right", T0).outcome());
        assertEquals(Redemption.LIMIT_REACHED, store.redeem(a.activationId(), "right", T0).outcome());
        assertEquals(1, store.find(a.activationId()).orElseThrow().registrationsCount());
    }

    @Test
    void agentsRacingForTheLastRegistrationsOnTwoServersGetNoMoreThanTheLimit() throws Exception {
        Activation a = insert(store, activation(TENANT, "SSMRole", 3), "code");
        List<Callable<Redemption>> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ActivationStore on = i % 2 == 0 ? store : other;
            attempts.add(() -> on.redeem(a.activationId(), "code", T0).outcome());
        }
        List<Redemption> outcomes = Race.run(attempts);
        assertEquals(3, outcomes.stream().filter(o -> o == Redemption.REDEEMED).count());
        assertEquals(7, outcomes.stream().filter(o -> o == Redemption.LIMIT_REACHED).count());
        assertEquals(3, other.find(a.activationId()).orElseThrow().registrationsCount());
    }

    @Test
    void activationsCreatedAtOnceGetDistinctPagingPositions() throws Exception {
        List<Callable<Long>> inserts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ActivationStore on = i % 2 == 0 ? store : other;
            inserts.add(() -> insert(on, activation(TENANT, "SSMRole", 1), "c").seq());
        }
        Set<Long> seqs = new HashSet<>(Race.run(inserts));
        assertEquals(8, seqs.size());
        List<Activation> first = store.list(TENANT, ActivationFilter.NONE, 0, 5);
        List<Activation> rest = store.list(TENANT, ActivationFilter.NONE, first.get(4).seq(), 5);
        assertEquals(8, first.size() + rest.size());
    }

    @Test
    void listFiltersByRoleWithinTheTenant() {
        insert(store, activation(TENANT, "A", 1), "c");
        Activation b = insert(store, activation(TENANT, "B", 1), "c");
        insert(store, activation(new Tenant("111111111111", "us-east-1"), "B", 1), "c");
        assertEquals(List.of(b.activationId()), other.list(TENANT, new ActivationFilter(null, null, List.of("B")), 0, 10)
                .stream().map(Activation::activationId).toList());
    }
}
