package steward.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static steward.node.NodeFixtures.OTHER_ACCOUNT;
import static steward.node.NodeFixtures.OTHER_REGION;
import static steward.node.NodeFixtures.TENANT;
import static steward.node.NodeFixtures.tag;
import static steward.node.NodeFixtures.target;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import steward.association.Target;
import steward.storage.Database;
import steward.storage.sql.SqlTagStore;
import steward.tagging.Tag;
import steward.testing.CountingDatabase;

class NodeSelectionTest {
    private static final String WEB_1 = "mi-00000000000000001";
    private static final String WEB_2 = "mi-00000000000000002";
    private static final String DB_1 = "mi-00000000000000003";
    private static final String LEGACY = "i-0123456789abcdef0";

    @TempDir
    Path dir;
    private Database database;
    private NodeService nodes;

    @BeforeEach
    void open() {
        database = NodeFixtures.database(dir);
        nodes = new NodeService(new SqlNodeStore(database), InstantSource.system());
        register(WEB_1, tag("role", "web"), tag("env", "prod"));
        register(WEB_2, tag("role", "web"), tag("env", "dev"));
        register(DB_1, tag("role", "db"), tag("env", "prod"), tag("backup", ""));
        register(LEGACY);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void wildcardSelectsEveryNodeOfTheTenantInIdOrder() {
        assertEquals(List.of(LEGACY, WEB_1, WEB_2, DB_1).stream().sorted().toList(),
                select(target("InstanceIds", "*")));
    }

    @Test
    void listedIdsSelectOnlyThoseThatExist() {
        assertEquals(List.of(WEB_1, DB_1), select(target("InstanceIds", DB_1, WEB_1, "mi-0000000000000000f")));
    }

    @Test
    void tagTargetMatchesAnyOfItsValues() {
        assertEquals(List.of(WEB_1, WEB_2), select(target("tag:role", "web")));
        assertEquals(List.of(WEB_1, WEB_2, DB_1), select(target("tag:role", "web", "db")));
        assertEquals(List.of(DB_1), select(target("tag:backup", "")), "an empty tag value is a value");
        assertEquals(List.of(), select(target("tag:Role", "web")), "tag keys are case-sensitive");
    }

    @Test
    void tagKeyTargetMatchesAnyListedKeyWhateverTheValue() {
        assertEquals(List.of(DB_1), select(target("tag-key", "backup")));
        assertEquals(List.of(WEB_1, WEB_2, DB_1), select(target("tag-key", "backup", "role")));
    }

    @Test
    void severalTargetsAreAndedNotOred() {
        assertEquals(List.of(WEB_1), select(target("tag:role", "web"), target("tag:env", "prod")));
        assertEquals(List.of(DB_1), select(target("tag:env", "prod"), target("tag-key", "backup"),
                target("InstanceIds", DB_1, WEB_2)));
        assertEquals(List.of(WEB_1, DB_1), select(target("InstanceIds", "*"), target("tag:env", "prod")));
    }

    @Test
    void resourceGroupsAndUnknownKeysSelectNothingEvenBesideOtherTargets() {
        assertEquals(List.of(), select(target("ResourceGroup", "my-group")));
        assertEquals(List.of(), select(target("InstanceIds", "*"), target("ResourceGroup", "my-group")));
        assertEquals(List.of(), select(target("resource-groups:Name", "g")));
        assertEquals(List.of(), select());
    }

    @Test
    void legacyInstanceIdSelectsThatOneNode() {
        assertEquals(List.of(LEGACY), ids(nodes.select(TENANT, null, LEGACY)));
        assertEquals(List.of(), ids(nodes.select(TENANT, null, "i-fffffffffffffffff")));
        ManagedNode legacy = nodes.find(TENANT, LEGACY).orElseThrow();
        assertTrue(nodes.selects(legacy, null, LEGACY));
        assertFalse(nodes.selects(legacy, null, WEB_1));
    }

    @Test
    void anotherTenantSelectsNothingOfThisOne() {
        for (var tenant : List.of(OTHER_ACCOUNT, OTHER_REGION)) {
            assertEquals(List.of(), ids(nodes.select(tenant, List.of(target("InstanceIds", "*")), null)));
            assertEquals(List.of(), ids(nodes.select(tenant, List.of(target("tag:role", "web")), null)));
            assertEquals(List.of(), ids(nodes.select(tenant, List.of(target("InstanceIds", WEB_1)), null)));
            assertEquals(List.of(), ids(nodes.select(tenant, null, WEB_1)));
        }
    }

    @Test
    void selectsAgreesWithSelectForEveryNode() {
        List<List<Target>> cases = List.of(List.of(target("tag:role", "web")), List.of(target("tag-key", "backup")),
                List.of(target("InstanceIds", "*")), List.of(target("InstanceIds", WEB_2)),
                List.of(target("tag:env", "prod"), target("tag:role", "db")), List.of(target("ResourceGroup", "g")));
        for (List<Target> targets : cases) {
            List<String> selected = ids(nodes.select(TENANT, targets, null));
            for (ManagedNode node : nodes.list(TENANT, List.of(), null, 100)) {
                assertEquals(selected.contains(node.instanceId()), nodes.selects(node, targets, null),
                        node.instanceId() + " " + targets);
            }
        }
    }

    @Test
    void tagsChangedThroughTheTaggingApiChangeWhatTagTargetsSelect() {
        SqlTagStore tags = new SqlTagStore(database);
        tags.put(TENANT, NodeStore.RESOURCE_TYPE, LEGACY, List.of(tag("role", "web")), 50);
        assertEquals(List.of(LEGACY, WEB_1, WEB_2), select(target("tag:role", "web")));
        tags.remove(TENANT, NodeStore.RESOURCE_TYPE, WEB_1, List.of("role"));
        assertEquals(List.of(LEGACY, WEB_2), select(target("tag:role", "web")));
    }

    @Test
    void selectingFromTenThousandNodesIsOneQueryNotOnePerNode() {
        CountingDatabase counting = new CountingDatabase(database);
        NodeService counted = new NodeService(new SqlNodeStore(counting), InstantSource.system());
        List<Target> tagTargets = List.of(target("tag:shard", "even"), target("tag-key", "fleet"));
        List<Target> everyNode = List.of(target("InstanceIds", "*"));

        assertEquals(List.of(), ids(counted.select(TENANT, tagTargets, null)), "none of the four fixture nodes");
        assertEquals(1, counting.executed().size(), "statements to select by tags from 4 nodes: " + counting.summary());
        counting.reset();

        insertMany(10_000);
        assertEquals(5_000, counted.select(TENANT, tagTargets, null).size());
        assertEquals(1, counting.executed().size(), "statements to select by tags from 10,004 nodes: " + counting.summary());
        counting.reset();
        assertEquals(10_004, counted.select(TENANT, everyNode, null).size());
        assertEquals(1, counting.executed().size(), "statements to select all of 10,004 nodes: " + counting.summary());
    }

    private void insertMany(int count) {
        database.write(c -> {
            try (PreparedStatement node = c.prepareStatement("INSERT INTO managed_node (account_id, region, instance_id, "
                    + "computer_name, platform_type, platform_name, platform_version, agent_version, ip_address, "
                    + "ping_status, registration_at, last_ping_at, behavior_status, behavior_duration_ms) "
                    + "VALUES (?, ?, ?, 'h', 'Linux', 'Amazon Linux', '2023', '3.3.1142.0', '10.0.0.1', 'Online', 0, 0, "
                    + "'Success', 0)");
                 PreparedStatement tag = c.prepareStatement("INSERT INTO resource_tag (account_id, region, resource_type, "
                         + "resource_id, tag_key, tag_value) VALUES (?, ?, 'ManagedInstance', ?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    String id = String.format("mi-1%016x", i);
                    node.setString(1, TENANT.accountId());
                    node.setString(2, TENANT.region());
                    node.setString(3, id);
                    node.addBatch();
                    for (Tag t : List.of(tag("shard", i % 2 == 0 ? "even" : "odd"), tag("fleet", "big"))) {
                        tag.setString(1, TENANT.accountId());
                        tag.setString(2, TENANT.region());
                        tag.setString(3, id);
                        tag.setString(4, t.key());
                        tag.setString(5, t.value());
                        tag.addBatch();
                    }
                }
                node.executeBatch();
                tag.executeBatch();
            }
            return null;
        });
    }

    private void register(String id, Tag... tags) {
        nodes.register(TENANT, new NodeRegistration(id, null, null, List.of(tags), null));
    }

    private List<String> select(Target... targets) {
        return ids(nodes.select(TENANT, List.of(targets), null));
    }

    private static List<String> ids(List<ManagedNode> nodes) {
        return nodes.stream().map(ManagedNode::instanceId).toList();
    }
}
