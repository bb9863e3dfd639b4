package steward.storage;

import java.nio.file.Path;
import steward.storage.postgres.PostgresDatabase;
import steward.storage.postgres.PostgresUrl;
import steward.storage.sqlite.SqliteDatabase;

/** The value of {@code --database}: a SQLite file, or a PostgreSQL database that several servers can share. */
public sealed interface DatabaseUrl {
    /** Opens the store and brings its schema up to date. @throws StoreUnavailableException as the implementations do */
    Database open();

    record Sqlite(Path file) implements DatabaseUrl {
        @Override
        public Database open() {
            return SqliteDatabase.openFile(file);
        }

        @Override
        public String toString() {
            return "sqlite:" + file;
        }
    }

    record Postgres(PostgresUrl url) implements DatabaseUrl {
        @Override
        public Database open() {
            return new PostgresDatabase(url);
        }

        @Override
        public String toString() {
            return url.display();
        }
    }

    /** The store under a data directory, as before {@code --database} existed. */
    static DatabaseUrl inDataDir(Path dataDir) {
        return new Sqlite(dataDir.resolve(SqliteDatabase.FILE_NAME));
    }

    /** @throws IllegalArgumentException saying what is wrong */
    static DatabaseUrl parse(String raw) {
        if (raw.startsWith("sqlite:")) {
            String path = raw.substring("sqlite:".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("must name a file after sqlite:, as in sqlite:/var/lib/steward/steward.db");
            }
            return new Sqlite(Path.of(path));
        }
        if (raw.startsWith("postgresql:") || raw.startsWith("postgres:")) {
            return new Postgres(PostgresUrl.parse(raw));
        }
        throw new IllegalArgumentException("must be sqlite:PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/DB, not "
                + raw.replaceAll(":[^:@/]*@", ":***@"));
    }
}
