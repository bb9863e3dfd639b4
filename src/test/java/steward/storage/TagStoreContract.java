package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import steward.association.Target;
import steward.storage.TagStore.PutOutcome;
import steward.storage.sql.SqlAssociationStore;
import steward.storage.sql.SqlTagStore;
import steward.tagging.Tag;
import steward.tenant.Tenant;
import steward.testing.Race;
import steward.testing.StoreFactory;

/** What every TagStore does, on SQLite and PostgreSQL alike; two Databases on one store play two servers. */
public abstract class TagStoreContract {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final String TYPE = "Association";

    private final StoreFactory stores = stores();
    private Database database;
    private Database secondServer;
    private TagStore tags;
    private TagStore otherTags;
    private String resource;

    protected abstract StoreFactory stores();

    @BeforeEach
    void open() {
        database = stores.open();
        secondServer = stores.openAgain();
        tags = new SqlTagStore(database);
        otherTags = new SqlTagStore(secondServer);
        resource = UUID.randomUUID().toString();
        AssociationDefinition d = new AssociationDefinition("AWS-RunShellScript", "$DEFAULT", null,
                Map.of("commands", List.of("echo")), List.of(new Target("InstanceIds", List.of("*"))), null, null,
                null, null, null, null, null, null, false, null, null, null, null, null, null, null);
        Instant t0 = Instant.parse("2024-05-01T10:00:00Z");
        new SqlAssociationStore(database).create(new Association(TENANT, 0, resource, 1, t0, t0,
                AssociationOverview.creating(), null, null, null, d, null), List.of(), 10);
    }

    @AfterEach
    void close() {
        secondServer.close();
        database.close();
    }

    @Test
    void tagsListByKeyInByteOrderAndAPutOverwritesAValue() {
        assertEquals(PutOutcome.PUT, tags.put(TENANT, TYPE, resource, List.of(new Tag("a", "1"), new Tag("B", "2"),
                new Tag("_x", "3"), new Tag("Z", "4")), 50));
        assertEquals(PutOutcome.PUT, otherTags.put(TENANT, TYPE, resource, List.of(new Tag("a", "one")), 50));
        assertEquals(List.of(new Tag("B", "2"), new Tag("Z", "4"), new Tag("_x", "3"), new Tag("a", "one")),
                otherTags.list(TENANT, TYPE, resource));
    }

    @Test
    void aResourceThatDoesNotExistTakesNoTags() {
        assertEquals(PutOutcome.NO_SUCH_RESOURCE, tags.put(TENANT, TYPE, "nope", List.of(new Tag("k", "v")), 50));
        assertEquals(PutOutcome.NO_SUCH_RESOURCE, tags.put(new Tenant("111111111111", "us-east-1"), TYPE, resource,
                List.of(new Tag("k", "v")), 50));
        assertTrue(tags.list(TENANT, TYPE, "nope").isEmpty());
    }

    @Test
    void removeTakesOnlyTheNamedKeys() {
        tags.put(TENANT, TYPE, resource, List.of(new Tag("a", "1"), new Tag("b", "2")), 50);
        otherTags.remove(TENANT, TYPE, resource, List.of("a", "missing"));
        assertEquals(List.of(new Tag("b", "2")), tags.list(TENANT, TYPE, resource));
    }

    @Test
    void racingPutsOnTwoServersNeverExceedTheLimit() throws Exception {
        List<Callable<PutOutcome>> puts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            TagStore on = i % 2 == 0 ? tags : otherTags;
            Tag tag = new Tag("k" + i, "v");
            puts.add(() -> on.put(TENANT, TYPE, resource, List.of(tag), 4));
        }
        List<PutOutcome> outcomes = Race.run(puts);
        assertEquals(4, outcomes.stream().filter(o -> o == PutOutcome.PUT).count());
        assertEquals(4, tags.list(TENANT, TYPE, resource).size());
    }
}
