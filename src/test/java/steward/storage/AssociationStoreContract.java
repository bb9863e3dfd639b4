package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.association.AssociationOverview;
import steward.association.AssociationVersion;
import steward.association.Target;
import steward.storage.AssociationStore.CreateOutcome;
import steward.storage.sql.SqlAssociationStore;
import steward.storage.sql.SqlTagStore;
import steward.tagging.Tag;
import steward.tenant.Tenant;
import steward.testing.Race;
import steward.testing.StoreFactory;

/**
 * What every AssociationStore does, on SQLite and PostgreSQL alike. The racing tests use two
 * {@link Database}s on one store, as two servers sharing it would: versions, the quota and the
 * per-instance uniqueness are read-then-write decisions that must stay atomic across them.
 */
public abstract class AssociationStoreContract {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final Tenant OTHER = new Tenant("111111111111", "us-east-1");
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final StoreFactory stores = stores();
    private Database database;
    private Database secondServer;
    private AssociationStore store;
    private AssociationStore other;

    protected abstract StoreFactory stores();

    @BeforeEach
    void open() {
        database = stores.open();
        secondServer = stores.openAgain();
        store = new SqlAssociationStore(database);
        other = new SqlAssociationStore(secondServer);
    }

    @AfterEach
    void close() {
        secondServer.close();
        database.close();
    }

    private static AssociationDefinition definition(String name, String instanceId, String associationName) {
        return new AssociationDefinition(name, "$DEFAULT", instanceId, Map.of("commands", List.of("echo")),
                instanceId == null ? List.of(new Target("InstanceIds", List.of("*"))) : List.of(), null, null,
                associationName, null, null, null, null, null, false, null, null, null, null, null, null, null);
    }

    private static Association association(Tenant tenant, AssociationDefinition d) {
        return new Association(tenant, 0, UUID.randomUUID().toString(), 1, T0, T0, AssociationOverview.creating(),
                null, null, null, d, null);
    }

    private Association created(Tenant tenant, String associationName) {
        Association a = association(tenant, definition("AWS-RunShellScript", null, associationName));
        assertEquals(CreateOutcome.CREATED, store.create(a, List.of(), 1000));
        return store.find(tenant, a.associationId()).orElseThrow();
    }

    @Test
    void aCreatedAssociationReadsBackOnEveryServerAndOnlyInItsTenant() {
        Association a = association(TENANT, definition("AWS-RunShellScript", null, "nightly"));
        assertEquals(CreateOutcome.CREATED, store.create(a, List.of(new Tag("env", "prod")), 10));
        Association read = other.find(TENANT, a.associationId()).orElseThrow();
        assertEquals(a.associationId(), read.associationId());
        assertEquals(1, read.latestVersion());
        assertEquals(T0, read.createdDate());
        assertEquals(a.definition(), read.definition());
        assertTrue(other.exists(TENANT, a.associationId()));
        assertFalse(other.exists(OTHER, a.associationId()));
        assertTrue(other.find(OTHER, a.associationId()).isEmpty());
        assertEquals(List.of(new Tag("env", "prod")), new SqlTagStore(secondServer).list(TENANT, "Association",
                a.associationId()));
    }

    @Test
    void listPagesInCreationOrderWithinTheTenant() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(created(TENANT, "a" + i).associationId());
            created(OTHER, "b" + i);
        }
        List<Association> first = other.list(TENANT, AssociationQuery.ALL, 0, 3);
        List<Association> second = other.list(TENANT, AssociationQuery.ALL, first.get(2).seq(), 3);
        List<String> paged = new ArrayList<>();
        first.forEach(a -> paged.add(a.associationId()));
        second.forEach(a -> paged.add(a.associationId()));
        assertEquals(ids, paged);
        assertEquals(List.of("a3"), store.list(TENANT, new AssociationQuery(null, null, null, null, null, null, "a3",
                null), 0, 10).stream().map(a -> a.definition().associationName()).toList());
    }

    @Test
    void aSecondAssociationOfOneDocumentToOneInstanceIsRefused() {
        AssociationDefinition d = definition("AWS-RunShellScript", "i-0123456789abcdef0", null);
        assertEquals(CreateOutcome.CREATED, store.create(association(TENANT, d), List.of(), 10));
        assertEquals(CreateOutcome.DUPLICATE_INSTANCE_ASSOCIATION, other.create(association(TENANT, d), List.of(), 10));
        assertEquals(CreateOutcome.CREATED, other.create(association(OTHER, d), List.of(), 10));
        assertTrue(store.findByInstance(TENANT, "AWS-RunShellScript", "i-0123456789abcdef0").isPresent());
    }

    @Test
    void racingCreatesOnTwoServersNeverExceedTheQuota() throws Exception {
        List<Callable<CreateOutcome>> creates = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            AssociationStore on = i % 2 == 0 ? store : other;
            creates.add(() -> on.create(association(TENANT, definition("AWS-RunShellScript", null, null)), List.of(), 5));
        }
        List<CreateOutcome> outcomes = Race.run(creates);
        assertEquals(5, outcomes.stream().filter(o -> o == CreateOutcome.CREATED).count());
        assertEquals(5, store.list(TENANT, AssociationQuery.ALL, 0, 100).size());
    }

    @Test
    void racingUpdatesFromTheSameVersionAppendExactlyOne() throws Exception {
        Association a = created(TENANT, "racy");
        List<Callable<Boolean>> updates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            AssociationStore on = i % 2 == 0 ? store : other;
            String name = "v" + i;
            updates.add(() -> on.appendVersion(a.withNewVersion(definition("AWS-RunShellScript", null, name),
                    T0.plusSeconds(1), null)));
        }
        assertEquals(1, Race.run(updates).stream().filter(Boolean::booleanValue).count());
        assertEquals(List.of(1, 2), store.listVersions(TENANT, a.associationId(), 0, 10).stream()
                .map(AssociationVersion::version).toList());
    }

    @Test
    void updatesRetriedUntilTheyWinLoseNoneAndDuplicateNoVersion() throws Exception {
        String id = created(TENANT, "counter").associationId();
        int writers = 4;
        int updatesEach = 5;
        List<Callable<Integer>> loops = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            AssociationStore on = w % 2 == 0 ? store : other;
            int writer = w;
            loops.add(() -> {
                int won = 0;
                while (won < updatesEach) {
                    Association latest = on.find(TENANT, id).orElseThrow();
                    if (on.appendVersion(latest.withNewVersion(definition("AWS-RunShellScript", null,
                            "w" + writer + "-" + won), T0.plusSeconds(latest.latestVersion()), null))) {
                        won++;
                    }
                }
                return won;
            });
        }
        Race.run(loops);
        int last = 1 + writers * updatesEach;
        assertEquals(last, store.find(TENANT, id).orElseThrow().latestVersion());
        List<AssociationVersion> versions = other.listVersions(TENANT, id, 0, 100);
        assertEquals(java.util.stream.IntStream.rangeClosed(1, last).boxed().toList(),
                versions.stream().map(AssociationVersion::version).toList());
        assertEquals(writers * updatesEach, versions.stream().skip(1).map(v -> v.definition().associationName())
                .distinct().count(), "every winning update is kept as its own version");
    }

    @Test
    void deleteRemovesTheAssociationItsVersionsAndItsTags() {
        Association a = association(TENANT, definition("AWS-RunShellScript", null, null));
        store.create(a, List.of(new Tag("k", "v")), 10);
        assertTrue(other.delete(TENANT, a.associationId()));
        assertFalse(store.delete(TENANT, a.associationId()));
        assertTrue(store.find(TENANT, a.associationId()).isEmpty());
        assertTrue(store.listVersions(TENANT, a.associationId(), 0, 10).isEmpty());
    }

    @Test
    void dueAssociationsComeEarliestFirstAcrossTenants() {
        Association late = association(TENANT, definition("AWS-RunShellScript", null, "late"));
        Association early = association(OTHER, definition("AWS-RunShellScript", null, "early"));
        Association unscheduled = association(TENANT, definition("AWS-RunShellScript", null, "never"));
        store.create(withDue(late, T0.plusSeconds(60)), List.of(), 10);
        store.create(withDue(early, T0.plusSeconds(30)), List.of(), 10);
        store.create(unscheduled, List.of(), 10);
        assertEquals(java.util.Optional.of(T0.plusSeconds(30)), other.earliestDue());
        assertEquals(List.of("early", "late"), other.due(T0.plusSeconds(60), 10).stream()
                .map(a -> a.definition().associationName()).toList());
        assertEquals(List.of("early"), other.due(T0.plusSeconds(59), 10).stream()
                .map(a -> a.definition().associationName()).toList());
    }

    private static Association withDue(Association a, Instant due) {
        return new Association(a.tenant(), a.seq(), a.associationId(), a.latestVersion(), a.createdDate(),
                a.lastUpdateDate(), a.overview(), a.lastExecutionDate(), a.lastSuccessfulExecutionDate(),
                a.instanceStatus(), a.definition(), due);
    }
}
