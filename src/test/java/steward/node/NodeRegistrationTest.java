package steward.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static steward.node.NodeFixtures.NOW;
import static steward.node.NodeFixtures.TENANT;
import static steward.node.NodeFixtures.tag;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import steward.errors.SsmException;
import steward.storage.Database;
import steward.tagging.Tag;

class NodeRegistrationTest {
    @TempDir
    Path dir;
    private Database database;
    private NodeService nodes;

    @BeforeEach
    void open() {
        database = NodeFixtures.database(dir);
        nodes = new NodeService(new SqlNodeStore(database), InstantSource.fixed(NOW));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anEmptyRegistrationLooksLikeAnOnlineLinuxNodeThatSucceeds() {
        ManagedNode node = nodes.register(TENANT, NodeRegistration.DEFAULTS);
        assertTrue(node.instanceId().matches("mi-[0-9a-f]{17}"), node.instanceId());
        assertEquals("sim-" + node.instanceId().substring(node.instanceId().length() - 6), node.computerName());
        assertEquals("Linux", node.platformType());
        assertEquals("Amazon Linux", node.platformName());
        assertEquals(Platforms.LATEST_AGENT_VERSION, node.agentVersion());
        assertTrue(node.agentVersion().matches("^[0-9]{1,6}(\\.[0-9]{1,6}){2,3}$"), "the model's AgentVersion pattern");
        assertTrue(node.ipAddress().matches("10\\.\\d+\\.\\d+\\.\\d+"), node.ipAddress());
        assertEquals("Online", node.pingStatus());
        assertEquals(NOW, node.registrationDate());
        assertEquals(NodeBehavior.SUCCEED_AT_ONCE, node.behavior());
        assertEquals(node, nodes.find(TENANT, node.instanceId()).orElseThrow());
    }

    @Test
    void generatedIdsDoNotCollide() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(nodes.register(TENANT, NodeRegistration.DEFAULTS).instanceId());
        }
        assertEquals(50, ids.size());
    }

    @Test
    void eachPlatformTypeReportsItsOwnOperatingSystem() {
        assertEquals("Microsoft Windows Server 2022 Datacenter",
                nodes.register(TENANT, NodeRegistration.DEFAULTS.withPlatformType("Windows")).platformName());
        assertEquals("macOS", nodes.register(TENANT, NodeRegistration.DEFAULTS.withPlatformType("MacOS")).platformName());
        assertEquals("PlatformType", invalid(NodeRegistration.DEFAULTS.withPlatformType("Solaris")));
    }

    @Test
    void givenIdsMustBeManagedOrEc2Ids() {
        assertEquals("i-0123456789abcdef0",
                nodes.register(TENANT, NodeRegistration.DEFAULTS.withInstanceId("i-0123456789abcdef0")).instanceId());
        assertEquals("i-01234567", nodes.register(TENANT, NodeRegistration.DEFAULTS.withInstanceId("i-01234567")).instanceId());
        for (String bad : List.of("mi-0123456789ABCDEF0", "mi-0123", "node-1", "i-012345678", "mi-0123456789abcdef0 ")) {
            assertEquals("InstanceId", invalid(NodeRegistration.DEFAULTS.withInstanceId(bad)), bad);
        }
    }

    @Test
    void registeringAnIdTwiceIsAConflictNotAnOverwrite() {
        nodes.register(TENANT, new NodeRegistration("mi-0123456789abcdef0", "first", null, null, null));
        SsmException e = assertThrows(SsmException.class, () -> nodes.register(TENANT,
                new NodeRegistration("mi-0123456789abcdef0", "second", null, null, null)));
        assertEquals(NodeService.ALREADY_EXISTS, e.code());
        assertEquals("first", nodes.find(TENANT, "mi-0123456789abcdef0").orElseThrow().computerName());
    }

    @Test
    void badTagsAndBehaviorsAreRejectedNamingTheMember() {
        assertEquals("Tags[0].Key", invalid(NodeRegistration.DEFAULTS.withTags(List.of(tag("aws:name", "x")))));
        assertEquals("Tags[1].Key", invalid(NodeRegistration.DEFAULTS.withTags(List.of(tag("a", "1"), tag("a", "2")))));
        assertEquals("Tags[0].Key", invalid(NodeRegistration.DEFAULTS.withTags(List.of(tag("bad!", "1")))));
        assertEquals("Tags[0].Value", invalid(NodeRegistration.DEFAULTS.withTags(List.of(tag("k", "x".repeat(257))))));
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(tag("k" + i, "v"));
        }
        assertEquals("Tags", invalid(NodeRegistration.DEFAULTS.withTags(many)));
        assertEquals("Behavior.Status", invalid(NodeRegistration.DEFAULTS.withBehavior(new NodeBehavior("Maybe", 0))));
        assertEquals("Behavior.DurationMillis", invalid(NodeRegistration.DEFAULTS.withBehavior(new NodeBehavior("Success", -1))));
        assertEquals(List.of(), nodes.list(TENANT, List.of(), null, 10), "nothing was stored");
    }

    @Test
    void listenersHearOfANodeOnlyOnceItIsStored() {
        List<String> heard = new ArrayList<>();
        nodes.addListener(node -> heard.add(node.instanceId() + ":" + nodes.find(TENANT, node.instanceId()).isPresent()));
        ManagedNode node = nodes.register(TENANT, NodeRegistration.DEFAULTS);
        assertEquals(List.of(node.instanceId() + ":true"), heard);
        assertThrows(SsmException.class, () -> nodes.register(TENANT, NodeRegistration.DEFAULTS.withPlatformType("x")));
        assertEquals(1, heard.size(), "a refused registration is not announced");
    }

    @Test
    void aFailingListenerNeitherFailsTheRegistrationNorSilencesTheOthers() {
        List<String> heard = new ArrayList<>();
        nodes.addListener(node -> {
            throw new IllegalStateException("boom");
        });
        nodes.addListener(node -> heard.add(node.instanceId()));
        ManagedNode node = nodes.register(TENANT, NodeRegistration.DEFAULTS);
        assertEquals(List.of(node.instanceId()), heard);
    }

    @Test
    void behaviorOfAnUnknownNodeIsNotFound() {
        SsmException e = assertThrows(SsmException.class,
                () -> nodes.setBehavior(TENANT, "mi-0123456789abcdef0", NodeBehavior.SUCCEED_AT_ONCE));
        assertEquals(NodeService.NOT_FOUND, e.code());
        assertEquals(NodeService.NOT_FOUND, assertThrows(SsmException.class,
                () -> nodes.delete(TENANT, "mi-0123456789abcdef0")).code());
    }

    /** The member the ValidationException's message starts with. */
    private String invalid(NodeRegistration registration) {
        SsmException e = assertThrows(SsmException.class, () -> nodes.register(TENANT, registration));
        assertEquals("ValidationException", e.code());
        return e.getMessage().split(" ")[0];
    }
}
