package steward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Several Steward servers, each in its own child JVM, sharing one store: what a load balancer
 * in front of a fleet of servers sees. Any of them can be killed with SIGKILL.
 */
public final class ServerGroup implements AutoCloseable {
    private final List<ServerProcess> servers;
    private final List<Path> dataDirs;

    private ServerGroup(List<ServerProcess> servers, List<Path> dataDirs) {
        this.servers = servers;
        this.dataDirs = dataDirs;
    }

    /** {@code count} servers on one SQLite file, started together; {@code extraArgs} go to each. */
    public static ServerGroup onSqlite(int count, String... extraArgs) {
        Path shared = tempDir("steward-group");
        List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> ServerProcess.start(shared, extraArgs)));
        }
        return new ServerGroup(join(starting), List.of(shared));
    }

    /**
     * {@code count} servers on one new database of the embedded PostgreSQL ({@link PostgresFixture}),
     * each with a data directory of its own, started together; {@code extraArgs} go to each.
     */
    public static ServerGroup onPostgres(int count, String... extraArgs) {
        String database = PostgresFixture.database("group");
        List<Path> dirs = new ArrayList<>();
        List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path dir = tempDir("steward-group");
            dirs.add(dir);
            String[] args = new String[extraArgs.length + 2];
            args[0] = "--database";
            args[1] = database;
            System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
            starting.add(CompletableFuture.supplyAsync(() -> ServerProcess.start(dir, args)));
        }
        return new ServerGroup(join(starting), List.copyOf(dirs));
    }

    private static List<ServerProcess> join(List<CompletableFuture<ServerProcess>> starting) {
        List<ServerProcess> started = new ArrayList<>();
        RuntimeException failed = null;
        for (CompletableFuture<ServerProcess> server : starting) {
            try {
                started.add(server.join());
            } catch (RuntimeException e) {
                failed = e;
            }
        }
        if (failed != null) {
            started.forEach(ServerProcess::close);
            throw failed;
        }
        return started;
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ServerProcess get(int index) {
        return servers.get(index);
    }

    public List<ServerProcess> all() {
        return List.copyOf(servers);
    }

    public int size() {
        return servers.size();
    }

    /** What every server printed, each line prefixed with the server's index. */
    public String output() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < servers.size(); i++) {
            for (String line : servers.get(i).output()) {
                out.append('[').append(i).append("] ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        servers.forEach(ServerProcess::close);
        dataDirs.forEach(TestServer::deleteRecursively);
    }
}
