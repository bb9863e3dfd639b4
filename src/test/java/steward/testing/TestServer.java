package steward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ssm.SsmClient;
import steward.server.ServerConfig;
import steward.server.Steward;
import steward.server.settings.Settings;
import steward.storage.DatabaseUrl;

/** A Steward on a free port with its own data directory, in this JVM, for one test class. */
public final class TestServer implements AutoCloseable {
    public static final String REGION = "us-east-1";

    private static final java.util.Map<Path, String> POSTGRES_BY_DATA_DIR = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path dataDir;
    private final Steward steward;

    private TestServer(Path dataDir, Steward steward) {
        this.dataDir = dataDir;
        this.steward = steward;
    }

    public static TestServer start() {
        try {
            return start(Files.createTempDirectory("steward-test"), ServerConfig.DEFAULT_ASSOCIATION_LIMIT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start(Path dataDir, int associationLimit) {
        return start(new ServerConfig("127.0.0.1", 0, dataDir, associationLimit));
    }

    /** A server on a manual clock that starts at {@code clockStart} and moves only through /_steward/clock. */
    public static TestServer withManualClock(Instant clockStart) {
        try {
            Path dataDir = Files.createTempDirectory("steward-test");
            return start(new ServerConfig("127.0.0.1", 0, dataDir, ServerConfig.DEFAULT_ASSOCIATION_LIMIT, clockStart));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start(ServerConfig config) {
        Path dataDir = config.dataDir();
        if ("postgresql".equals(System.getProperty("steward.test.store")) && config.get(Settings.DATABASE) == null) {
            // -Dsteward.test.store=postgresql: every in-JVM end-to-end suite on a database of its own.
            // A restart on the same data directory finds the same database.
            String url = POSTGRES_BY_DATA_DIR.computeIfAbsent(dataDir.toAbsolutePath(), d -> PostgresFixture.database("server"));
            config = config.with(Settings.DATABASE, DatabaseUrl.parse(url));
        }
        try {
            return new TestServer(dataDir, Steward.start(config));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + steward.address().getPort());
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A client that never retries (see {@link Clients}), signing as {@code test} in {@link #REGION}. */
    public SsmClient client() {
        return client("test", REGION);
    }

    public SsmClient client(String accessKeyId, String region) {
        return Clients.ssm(endpoint(), accessKeyId, region);
    }

    @Override
    public void close() {
        steward.close();
        deleteRecursively(dataDir);
    }

    /** Stops the server and keeps its data directory, for a restart on it. */
    public void stop() {
        steward.close();
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
