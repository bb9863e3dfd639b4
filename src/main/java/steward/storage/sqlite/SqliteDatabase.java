package steward.storage.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import steward.storage.Database;
import steward.storage.StorageException;
import steward.storage.StoreUnavailableException;

/**
 * The embedded store: one SQLite file in WAL mode with {@code synchronous=FULL}, so every
 * committed transaction is on disk before the server answers. SQLite allows one writer, so
 * writes in this process go to one writer thread instead of spinning on SQLITE_BUSY, and
 * those that queued together commit together ({@link GroupCommit}); write
 * transactions begin IMMEDIATE so that another process sharing the file cannot deadlock an
 * upgrade from read to write.
 */
public final class SqliteDatabase implements Database {
    public static final String FILE_NAME = "steward.db";
    private static final int POOL_SIZE = 8;

    private final HikariDataSource dataSource;
    private final GroupCommit writer;

    private final Path file;
    private final SoleUserLock soleUser;

    /**
     * Opens (creating when absent) the store in {@code dataDir} and brings its schema up to date.
     *
     * @throws StoreUnavailableException when the file cannot be opened or read as a database, or
     *                                   its schema is newer than this version knows
     */
    public SqliteDatabase(Path dataDir) {
        this(dataDir.resolve(FILE_NAME), POOL_SIZE);
    }

    /** Opens (creating when absent) the store in {@code file}, as {@code --database sqlite:FILE} names it. */
    public static SqliteDatabase openFile(Path file) {
        return new SqliteDatabase(file, POOL_SIZE);
    }

    private SqliteDatabase(Path file, int poolSize) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + parent, e);
        }
        this.file = file.toAbsolutePath();
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(30_000);
        sqlite.enforceForeignKeys(true);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.setDataSourceProperties(sqlite.toProperties());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setPoolName("steward-sqlite");
        try {
            this.dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        this.writer = new GroupCommit(dataSource::getConnection, "steward-sqlite-writer");
        try {
            migrate();
        } catch (RuntimeException e) {
            writer.close();
            dataSource.close();
            throw e instanceof StoreUnavailableException ? e : unavailable(e);
        }
        this.soleUser = SoleUserLock.acquire(this.file.getParent());
    }

    @Override
    public boolean soleUser() {
        return soleUser.sole();
    }

    private void migrate() {
        Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/sqlite").load();
        StoreUnavailableException.migrateUnlessNewer(flyway, "the store " + file);
    }

    private StoreUnavailableException unavailable(RuntimeException e) {
        String reason = StoreUnavailableException.reason(e);
        return new StoreUnavailableException("cannot open the store " + file + " (" + reason + "); check that it is "
                + "a Steward database that this user can read and write, or move it away to start with an empty one",
                false, e);
    }

    @Override
    public long sizeBytes() {
        long total = 0;
        for (String suffix : new String[] {"", "-wal"}) {
            try {
                total += Files.size(Path.of(file + suffix));
            } catch (IOException absent) {
                // No write-ahead log right now.
            }
        }
        return total;
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
        return writer.write(work);
    }

    @Override
    public void close() {
        writer.close();
        dataSource.close();
        soleUser.close();
    }
}
