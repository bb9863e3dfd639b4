package steward.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import steward.storage.Database;
import steward.storage.postgres.PostgresDatabase;
import steward.storage.postgres.PostgresUrl;

/**
 * The history benchmark's PostgreSQL: the embedded server the tests use (io.zonky, PostgreSQL
 * 14, default settings: fsync and synchronous_commit on), with its data directory kept between
 * runs so the ten million runs are loaded once, like the SQLite store beside it.
 */
final class BenchPostgres implements HistoryBenchmark.BenchStore, AutoCloseable {
    private static final String DATABASE = "steward";

    private final EmbeddedPostgres server;
    private final Path home;

    private BenchPostgres(EmbeddedPostgres server, Path home) {
        this.server = server;
        this.home = home;
    }

    static BenchPostgres start(Path dataDirectory) throws Exception {
        Files.createDirectories(dataDirectory.getParent());
        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100").start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            ResultSet exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
        return new BenchPostgres(server, dataDirectory.getParent());
    }

    String url() {
        return "postgresql://postgres@localhost:" + server.getPort() + "/" + DATABASE;
    }

    @Override
    public Path idsFile() {
        return home.resolve("bench-ids-postgresql.txt");
    }

    @Override
    public Database open() {
        return new PostgresDatabase(PostgresUrl.parse(url()));
    }

    @Override
    public long sizeBytes(Database loaded) {
        return loaded.sizeBytes();
    }

    @Override
    public Map<String, String> serverEnvironment() {
        return Map.of("STEWARD_DATABASE", url());
    }

    @Override
    public Path serverDataDir() {
        return home.resolve("postgresql-server-data");
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
