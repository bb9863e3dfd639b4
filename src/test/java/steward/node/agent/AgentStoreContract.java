package steward.node.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.storage.Database;
import steward.storage.sql.SqlAgentStore;
import steward.tenant.Tenant;
import steward.testing.Race;
import steward.testing.StoreFactory;

/** What every AgentStore does, on SQLite and PostgreSQL alike; two Databases on one store play two servers. */
public abstract class AgentStoreContract {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");
    private static final String NODE = "mi-0123456789abcdef0";

    private final StoreFactory stores = stores();
    private Database database;
    private Database secondServer;
    private AgentStore store;
    private AgentStore other;

    protected abstract StoreFactory stores();

    @BeforeEach
    void open() {
        database = stores.open();
        secondServer = stores.openAgain();
        store = new SqlAgentStore(database);
        other = new SqlAgentStore(secondServer);
    }

    @AfterEach
    void close() {
        secondServer.close();
        database.close();
    }

    private static AgentIdentity identity(String instanceId, Tenant tenant, String key) {
        return new AgentIdentity(instanceId, tenant, "act-1", "SSMRole", "web-1", key, "Rsa", "fp", T0);
    }

    private static InstanceCredential credential(String keyId, String instanceId, Instant expires) {
        return new InstanceCredential(keyId, "secret-" + keyId, "token-" + keyId, instanceId, TENANT, expires, false);
    }

    @Test
    void anIdentityReadsBackOnTheOtherServerAndItsKeyCanRotate() {
        assertTrue(store.insertIdentity(identity(NODE, TENANT, "key1")));
        assertEquals(identity(NODE, TENANT, "key1"), other.findIdentity(NODE).orElseThrow());
        other.updatePublicKey(NODE, "key2", "Rsa");
        assertEquals("key2", store.findIdentity(NODE).orElseThrow().publicKey());
        assertEquals(Map.of(NODE, identity(NODE, TENANT, "key2")), store.identities(TENANT, List.of(NODE, "mi-x")));
        assertEquals(Map.of(), store.identities(new Tenant("111111111111", "us-east-1"), List.of(NODE)));
    }

    @Test
    void anInstanceIdRegisteredAtOnceOnTwoServersIsTakenOnce() throws Exception {
        List<Callable<Boolean>> inserts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            AgentStore on = i % 2 == 0 ? store : other;
            String key = "key" + i;
            inserts.add(() -> on.insertIdentity(identity(NODE, TENANT, key)));
        }
        assertEquals(1, Race.run(inserts).stream().filter(Boolean::booleanValue).count());
    }

    @Test
    void deletingAnIdentityRevokesItsCredentialsAndExpiredOnesAreForgotten() {
        store.insertIdentity(identity(NODE, TENANT, "key"));
        store.insertCredential(credential("AKIDLIVE", NODE, T0.plusSeconds(3600)));
        store.insertCredential(credential("AKIDOLD", NODE, T0.minusSeconds(1)));
        assertEquals(credential("AKIDLIVE", NODE, T0.plusSeconds(3600)), other.findCredential("AKIDLIVE").orElseThrow());
        assertTrue(other.deleteIdentity(TENANT, NODE));
        assertFalse(store.deleteIdentity(TENANT, NODE));
        assertTrue(store.findIdentity(NODE).isEmpty());
        assertTrue(store.findCredential("AKIDLIVE").orElseThrow().revoked());
        assertEquals(1, other.deleteExpiredCredentials(T0.toEpochMilli()));
        assertTrue(store.findCredential("AKIDOLD").isEmpty());
        assertTrue(store.findCredential("AKIDLIVE").isPresent());
    }
}
