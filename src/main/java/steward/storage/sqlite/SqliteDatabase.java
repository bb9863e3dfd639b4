package steward.storage.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import steward.storage.Database;
import steward.storage.StorageException;

/**
 * The embedded store: one SQLite file in WAL mode with {@code synchronous=FULL}, so every
 * committed transaction is on disk before the server answers. SQLite allows one writer, so
 * writers in this process queue on a lock instead of spinning on SQLITE_BUSY; write
 * transactions begin IMMEDIATE so that another process sharing the file cannot deadlock an
 * upgrade from read to write.
 */
public final class SqliteDatabase implements Database {
    public static final String FILE_NAME = "steward.db";

    private final HikariDataSource dataSource;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    public SqliteDatabase(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(30_000);
        sqlite.enforceForeignKeys(true);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath());
        config.setDataSourceProperties(sqlite.toProperties());
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setPoolName("steward-sqlite");
        this.dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/sqlite").load().migrate();
    }

    @Override
    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("read failed", e);
        }
    }

    @Override
    public <T> T write(Work<T> work) {
        writeLock.lock();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("write failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
