package steward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import steward.storage.Database;
import steward.storage.sqlite.SqliteDatabase;

/**
 * Which database a storage contract suite runs on: each suite is abstract, and its SQLite and
 * PostgreSQL subclasses each return one of these.
 */
public interface StoreFactory {
    /** A new, empty, migrated store. */
    Database open();

    /** Another {@link Database} on the store {@link #open} made last: a restart, or a second server. */
    Database openAgain();

    static StoreFactory sqlite() {
        return new StoreFactory() {
            private Path dir;

            @Override
            public Database open() {
                try {
                    dir = Files.createTempDirectory("steward-store");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new SqliteDatabase(dir);
            }

            @Override
            public Database openAgain() {
                return new SqliteDatabase(dir);
            }
        };
    }

    static StoreFactory postgres() {
        return new StoreFactory() {
            private String url;

            @Override
            public Database open() {
                url = PostgresFixture.database("store");
                return PostgresFixture.open(url);
            }

            @Override
            public Database openAgain() {
                return PostgresFixture.open(url);
            }
        };
    }
}
