package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import steward.testing.Race;
import steward.testing.StoreFactory;

/** What every Database does, on SQLite and PostgreSQL alike: who else uses it, and writes that never interleave. */
public abstract class DatabaseContract {
    private final StoreFactory stores = stores();

    protected abstract StoreFactory stores();

    @Test
    void aServerKnowsWhetherAnotherIsOnTheStoreWhenItOpensIt() {
        try (Database first = stores.open()) {
            assertTrue(first.soleUser(), "the first server is alone");
            try (Database second = stores.openAgain()) {
                assertFalse(second.soleUser(), "the second sees the first");
            }
        }
        try (Database after = stores.openAgain()) {
            assertTrue(after.soleUser(), "both are gone");
        }
    }

    /** A counter read and written back by many writers on two servers: with no lost update, it counts them all. */
    @Test
    void readThenWriteTransactionsOnTwoServersLoseNoUpdate() throws Exception {
        try (Database one = stores.open(); Database two = stores.openAgain()) {
            one.write(c -> {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO alarm_state (account_id, region, alarm_name, state) VALUES ('0', 'r', 'counter', '0')")) {
                    return insert.executeUpdate();
                }
            });
            int writers = 6;
            int each = 15;
            List<Callable<Integer>> loops = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Database on = w % 2 == 0 ? one : two;
                loops.add(() -> {
                    for (int i = 0; i < each; i++) {
                        on.write(c -> {
                            int value;
                            try (PreparedStatement select = c.prepareStatement(
                                    "SELECT state FROM alarm_state WHERE alarm_name = 'counter'");
                                 ResultSet row = select.executeQuery()) {
                                row.next();
                                value = Integer.parseInt(row.getString(1));
                            }
                            try (PreparedStatement update = c.prepareStatement(
                                    "UPDATE alarm_state SET state = ? WHERE alarm_name = 'counter'")) {
                                update.setString(1, Integer.toString(value + 1));
                                return update.executeUpdate();
                            }
                        });
                    }
                    return each;
                });
            }
            Race.run(loops);
            assertEquals(Integer.toString(writers * each), one.read(c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT state FROM alarm_state WHERE alarm_name = 'counter'");
                     ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getString(1);
                }
            }));
        }
    }
}
