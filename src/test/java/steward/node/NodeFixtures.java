package steward.node;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import steward.association.Target;
import steward.storage.Database;
import steward.storage.sqlite.SqliteDatabase;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/** A real SQLite store in a temp directory and the nodes tests put in it. */
final class NodeFixtures {
    static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    static final Tenant OTHER_ACCOUNT = new Tenant("111122223333", "us-east-1");
    static final Tenant OTHER_REGION = new Tenant("000000000000", "eu-west-1");
    static final Instant NOW = Instant.parse("2024-05-07T10:00:00.123Z");

    private NodeFixtures() {
    }

    static Database database(Path dir) {
        return new SqliteDatabase(dir);
    }

    static ManagedNode node(Tenant tenant, String id, NodeBehavior behavior) {
        return new ManagedNode(tenant, id, "host-" + id, "Linux", "Amazon Linux", "2023", "3.3.1142.0", "10.0.0.1",
                "Online", NOW, NOW, behavior);
    }

    static String id(int n) {
        return String.format("mi-%017x", n);
    }

    static Tag tag(String key, String value) {
        return new Tag(key, value);
    }

    static Target target(String key, String... values) {
        return new Target(key, List.of(values));
    }
}
