package steward.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import steward.storage.StorageException;

/** Writes that queue behind a commit share the next one, and a failing one is undone alone. */
class GroupCommitTest {
    @TempDir
    Path dir;
    private GroupCommit writer;

    @BeforeEach
    void open() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        String url = "jdbc:sqlite:" + dir.resolve("test.db");
        writer = new GroupCommit(() -> DriverManager.getConnection(url, config.toProperties()), "test-writer");
        writer.write(c -> c.createStatement().executeUpdate("CREATE TABLE t (id TEXT PRIMARY KEY)"));
    }

    @AfterEach
    void close() {
        writer.close();
    }

    private static int insert(Connection connection, String id) throws SQLException {
        try (var statement = connection.prepareStatement("INSERT INTO t (id) VALUES (?)")) {
            statement.setString(1, id);
            return statement.executeUpdate();
        }
    }

    private List<String> rows() {
        return writer.write(c -> {
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM t ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    @Test
    void writesQueuedBehindACommitShareTheNextAndAFailingOneIsUndoneAlone() throws Exception {
        long before = writer.commits();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        Thread first = Thread.ofVirtual().start(() -> outcomes.put("a", writer.write(c -> {
            insert(c, "a");
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return 1;
        })));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        Map<String, Runnable> others = Map.of(
                "b", () -> writer.write(c -> insert(c, "b")),
                "c", () -> writer.write(c -> {
                    insert(c, "c");
                    throw new IllegalArgumentException("c refused");
                }),
                "dup", () -> writer.write(c -> insert(c, "a")),
                "e", () -> writer.write(c -> insert(c, "e")));
        List<Thread> threads = new ArrayList<>();
        others.forEach((name, write) -> threads.add(Thread.ofVirtual().start(() -> {
            try {
                write.run();
                outcomes.put(name, "ok");
            } catch (RuntimeException e) {
                outcomes.put(name, e);
            }
        })));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.queued() < others.size() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(others.size(), writer.queued(), "every other write waits behind the first");
        release.countDown();
        first.join(10_000);
        for (Thread thread : threads) {
            thread.join(10_000);
        }

        assertEquals(2, writer.commits() - before, "the four queued writes committed together");
        assertEquals(List.of("a", "b", "e"), rows());
        assertEquals("ok", outcomes.get("b"));
        assertEquals("ok", outcomes.get("e"));
        IllegalArgumentException refused = assertInstanceOf(IllegalArgumentException.class, outcomes.get("c"));
        assertEquals("c refused", refused.getMessage());
        StorageException duplicate = assertInstanceOf(StorageException.class, outcomes.get("dup"));
        assertInstanceOf(SQLException.class, duplicate.getCause());
    }

    @Test
    void aWorkThatThrowsAloneIsRolledBackAndItsExceptionReachesItsCaller() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> writer.write(c -> {
            insert(c, "x");
            throw new IllegalStateException("x refused");
        }));
        assertEquals("x refused", thrown.getMessage());
        assertEquals(List.of(), rows());
        assertNull(writer.write(c -> null));
    }

    @Test
    void aWriteInsideAWriteIsRefusedRatherThanWaitingForItself() {
        assertThrows(IllegalStateException.class, () -> writer.write(c -> writer.write(inner -> 1)));
    }

    @Test
    void aWriteAfterCloseFailsRatherThanWaitingForever() {
        writer.close();
        assertThrows(StorageException.class, () -> writer.write(c -> insert(c, "late")));
    }
}
