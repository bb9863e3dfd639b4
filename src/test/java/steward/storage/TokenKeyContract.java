package steward.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.paging.PageTokens;
import steward.storage.sql.SqlTokenKey;
import steward.tenant.Tenant;
import steward.testing.Race;
import steward.testing.StoreFactory;

/** The NextToken key lives in the store: made once, the same for every server on it, on SQLite and PostgreSQL. */
public abstract class TokenKeyContract {
    private final StoreFactory stores = stores();
    private Database database;
    private Database secondServer;

    protected abstract StoreFactory stores();

    @BeforeEach
    void open() {
        database = stores.open();
        secondServer = stores.openAgain();
    }

    @AfterEach
    void close() {
        secondServer.close();
        database.close();
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void theFirstKeyOfferedIsTheKeyForGood() {
        assertTrue(new SqlTokenKey(database).find().isEmpty());
        assertArrayEquals(key(1), new SqlTokenKey(database).getOrCreate(key(1), 0));
        assertArrayEquals(key(1), new SqlTokenKey(secondServer).getOrCreate(key(2), 0));
        database.close();
        database = stores.openAgain();
        assertArrayEquals(key(1), new SqlTokenKey(database).find().orElseThrow());
    }

    @Test
    void serversStartingAtOnceAllEndUpWithOneKey() throws Exception {
        List<Callable<byte[]>> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Database on = i % 2 == 0 ? database : secondServer;
            byte[] offered = key(10 + i);
            starts.add(() -> new SqlTokenKey(on).getOrCreate(offered, 0));
        }
        List<byte[]> keys = Race.run(starts);
        for (byte[] key : keys) {
            assertArrayEquals(keys.get(0), key);
        }
    }

    @Test
    void aNextTokenSealedByOneServerOpensOnAnother() {
        byte[] offered = new byte[32];
        new java.security.SecureRandom().nextBytes(offered);
        PageTokens one = new PageTokens(new SqlTokenKey(database).getOrCreate(offered, 0));
        byte[] other = new byte[32];
        new java.security.SecureRandom().nextBytes(other);
        PageTokens two = new PageTokens(new SqlTokenKey(secondServer).getOrCreate(other, 0));
        Tenant tenant = new Tenant("000000000000", "us-east-1");
        assertEquals("42", two.open("ListAssociations", tenant, "", one.seal("ListAssociations", tenant, "", "42")));
    }
}
