package steward.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static steward.node.NodeFixtures.NOW;
import static steward.node.NodeFixtures.OTHER_ACCOUNT;
import static steward.node.NodeFixtures.OTHER_REGION;
import static steward.node.NodeFixtures.TENANT;
import static steward.node.NodeFixtures.id;
import static steward.node.NodeFixtures.node;
import static steward.node.NodeFixtures.tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.node.NodeCondition.Column;
import steward.storage.Database;
import steward.storage.sql.SqlTagStore;
import steward.testing.StoreFactory;

/** What every node store does, on SQLite and PostgreSQL alike (SqliteNodeStoreTest, PostgresNodeStoreTest). */
public abstract class NodeStoreContract {
    private final StoreFactory stores = stores();
    private Database database;
    private SqlNodeStore store;

    protected abstract StoreFactory stores();

    @BeforeEach
    void open() {
        database = stores.open();
        store = new SqlNodeStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void storedNodeReadsBackFieldForField() {
        ManagedNode node = node(TENANT, id(1), new NodeBehavior("Failed", 250));
        assertTrue(store.insert(node, List.of(tag("env", "prod"))));
        assertEquals(Optional.of(node), store.find(TENANT, id(1)));
        assertEquals(List.of(tag("env", "prod")), store.tags(TENANT, id(1)));
        assertEquals(NOW, store.find(TENANT, id(1)).orElseThrow().registrationDate());
    }

    @Test
    void realAgentKeepsANullBehavior() {
        store.insert(node(TENANT, id(1), null), List.of());
        assertEquals(null, store.find(TENANT, id(1)).orElseThrow().behavior());
        assertFalse(store.setBehavior(TENANT, id(1), NodeBehavior.SUCCEED_AT_ONCE), "a real agent is not simulated");
    }

    @Test
    void duplicateIdInSameTenantIsRefusedButOtherTenantsMayReuseIt() {
        assertTrue(store.insert(node(TENANT, id(1), NodeBehavior.SUCCEED_AT_ONCE), List.of()));
        assertFalse(store.insert(node(TENANT, id(1), NodeBehavior.SUCCEED_AT_ONCE), List.of(tag("k", "v"))));
        assertEquals(List.of(), store.tags(TENANT, id(1)), "the refused insert left no tags behind");
        assertTrue(store.insert(node(OTHER_ACCOUNT, id(1), NodeBehavior.SUCCEED_AT_ONCE), List.of()));
        assertTrue(store.insert(node(OTHER_REGION, id(1), NodeBehavior.SUCCEED_AT_ONCE), List.of()));
    }

    @Test
    void nodesOfOneTenantAreInvisibleToAnother() {
        store.insert(node(TENANT, id(1), NodeBehavior.SUCCEED_AT_ONCE), List.of(tag("env", "prod")));
        assertEquals(Optional.empty(), store.find(OTHER_ACCOUNT, id(1)));
        assertEquals(List.of(), store.list(OTHER_REGION, List.of(), null, 10));
        assertFalse(store.delete(OTHER_ACCOUNT, id(1)));
        assertFalse(store.setBehavior(OTHER_ACCOUNT, id(1), new NodeBehavior("Failed", 0)));
        assertEquals(Map.of(), store.allTags(OTHER_ACCOUNT));
        assertTrue(store.find(TENANT, id(1)).isPresent());
    }

    @Test
    void setBehaviorChangesOnlyTheBehavior() {
        ManagedNode node = node(TENANT, id(1), NodeBehavior.SUCCEED_AT_ONCE);
        store.insert(node, List.of());
        assertTrue(store.setBehavior(TENANT, id(1), new NodeBehavior("TimedOut", 5000)));
        ManagedNode changed = store.find(TENANT, id(1)).orElseThrow();
        assertEquals(new NodeBehavior("TimedOut", 5000), changed.behavior());
        assertEquals(node.computerName(), changed.computerName());
    }

    @Test
    void deleteTakesTheTagsWithItSoAReRegisteredNodeStartsClean() {
        store.insert(node(TENANT, id(1), NodeBehavior.SUCCEED_AT_ONCE), List.of(tag("env", "prod")));
        assertTrue(store.delete(TENANT, id(1)));
        assertEquals(Optional.empty(), store.find(TENANT, id(1)));
        assertEquals(List.of(), new SqlTagStore(database).list(TENANT, NodeStore.RESOURCE_TYPE, id(1)));
        assertFalse(store.delete(TENANT, id(1)));
    }

    @Test
    void keysetPagesNeitherSkipNorRepeat() {
        for (int i = 23; i >= 1; i--) {
            store.insert(node(TENANT, id(i), NodeBehavior.SUCCEED_AT_ONCE), List.of());
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            List<ManagedNode> page = store.list(TENANT, List.of(), after, 5);
            page.forEach(n -> seen.add(n.instanceId()));
            if (page.size() < 5) {
                break;
            }
            after = page.get(page.size() - 1).instanceId();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 23; i++) {
            expected.add(id(i));
        }
        assertEquals(expected, seen);
    }

    @Test
    void conditionsCombineWithAnd() {
        store.insert(node(TENANT, id(1), NodeBehavior.SUCCEED_AT_ONCE), List.of(tag("env", "prod"), tag("team", "a")));
        store.insert(node(TENANT, id(2), NodeBehavior.SUCCEED_AT_ONCE), List.of(tag("env", "prod")));
        store.insert(node(TENANT, id(3), NodeBehavior.SUCCEED_AT_ONCE), List.of(tag("env", "dev"), tag("team", "a")));
        store.insert(node(TENANT, "i-0123456789abcdef0", NodeBehavior.SUCCEED_AT_ONCE), List.of(tag("env", "prod")));
        assertEquals(List.of("i-0123456789abcdef0", id(1), id(2)),
                ids(List.of(new NodeCondition.TagValue("env", List.of("prod")))));
        assertEquals(List.of(id(1)), ids(List.of(new NodeCondition.TagValue("env", List.of("prod")),
                new NodeCondition.TagKey(List.of("team")))));
        assertEquals(List.of(id(1), id(2)), ids(List.of(new NodeCondition.TagValue("env", List.of("prod")),
                new NodeCondition.IdPrefix(List.of("mi-")))));
        assertEquals(List.of(id(2)), ids(List.of(new NodeCondition.In(Column.INSTANCE_ID, List.of(id(2), id(3))),
                new NodeCondition.TagValue("env", List.of("prod", "staging")))));
        assertEquals(List.of(), ids(List.of(NodeCondition.NOTHING)));
        assertEquals(List.of(), ids(List.of(new NodeCondition.In(Column.PING_STATUS, List.of()))));
        assertTrue(store.matches(TENANT, id(3), List.of(new NodeCondition.TagKey(List.of("team", "x")))));
        assertFalse(store.matches(TENANT, id(2), List.of(new NodeCondition.TagKey(List.of("team", "x")))));
        assertFalse(store.matches(OTHER_ACCOUNT, id(3), List.of()));
    }

    @Test
    void tagsOfAnotherResourceTypeDoNotSelectNodes() {
        store.insert(node(TENANT, id(1), NodeBehavior.SUCCEED_AT_ONCE), List.of());
        new SqlTagStore(database).put(TENANT, "Association", id(1), List.of(tag("env", "prod")), 50);
        assertEquals(List.of(), ids(List.of(new NodeCondition.TagValue("env", List.of("prod")))));
    }

    @Test
    void allTagsGroupsByNodeInOneRead() {
        store.insert(node(TENANT, id(1), NodeBehavior.SUCCEED_AT_ONCE), List.of(tag("b", "2"), tag("a", "1")));
        store.insert(node(TENANT, id(2), NodeBehavior.SUCCEED_AT_ONCE), List.of());
        assertEquals(Map.of(id(1), List.of(tag("a", "1"), tag("b", "2"))), store.allTags(TENANT));
    }

    @Test
    void agentsOnlineCountsAgentsOfEveryTenantThatReportedSinceTheCutoff() {
        HealthReport report = new HealthReport("3.3.1142.0", "Linux", "Debian", "12", "10.0.0.2", "box");
        store.insert(node(TENANT, id(1), null), List.of());
        store.insert(node(TENANT, id(2), null), List.of());
        store.insert(node(OTHER_ACCOUNT, id(3), null), List.of());
        store.insert(node(TENANT, id(4), NodeBehavior.SUCCEED_AT_ONCE), List.of());
        java.time.Instant later = NOW.plusSeconds(3600);
        assertEquals(0, store.agentsOnline(later), "no agent has reported since");
        store.reportHealth(TENANT, id(1), report, later);
        store.reportHealth(OTHER_ACCOUNT, id(3), report, later);
        store.reportHealth(TENANT, id(4), report, later);
        assertEquals(2, store.agentsOnline(later), "agents of both tenants; never a simulated node");
        assertEquals(0, store.agentsOnline(later.plusMillis(1)));
        store.markConnectionLost(TENANT, later.plusSeconds(1));
        assertEquals(1, store.agentsOnline(later), "an agent marked ConnectionLost is not online");
    }

    private List<String> ids(List<NodeCondition> conditions) {
        return store.list(TENANT, conditions, null, 100).stream().map(ManagedNode::instanceId).toList();
    }
}
