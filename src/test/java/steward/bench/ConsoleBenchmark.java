package steward.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import steward.storage.sqlite.SqliteDatabase;

/**
 * The web console on a large store: 10,000 associations, one of them with 1,000,000 runs
 * (loaded through the storage code as HistoryBenchmark does), served by a server started as the
 * launcher does, and timed in headless Chromium by src/test/js/console-bench.mjs: how long each
 * view takes from navigation to its rows on screen, and the page's JS heap after each. Every
 * view reads one page from the server, so the times should not depend on the store's size.
 *
 * <p>{@code bench/run ConsoleBenchmark [dataDir=/tmp/steward-bench-console] [runs=1000000]}
 */
public final class ConsoleBenchmark {
    private static final int ASSOCIATIONS = 10_000;

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "/tmp/steward-bench-console");
        long big = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
        Path ids = dataDir.resolve("bench-ids.txt");
        if (!Files.exists(ids)) {
            Files.createDirectories(dataDir);
            try (SqliteDatabase database = new SqliteDatabase(dataDir)) {
                // One run for each of the other associations, so every one has a last run.
                HistoryLoader.Loaded loaded = HistoryLoader.load(database, ASSOCIATIONS, big + 100 + ASSOCIATIONS - 2, big, 100);
                Files.writeString(ids, loaded.bigAssociation() + "\n" + loaded.smallAssociation() + "\n");
                System.out.printf(Locale.ROOT, "Loaded %,d runs over %,d associations in %.1f s.%n%n", loaded.runs(),
                        ASSOCIATIONS, loaded.seconds());
            }
        }
        List<String> lines = Files.readAllLines(ids);
        try (HistoryBenchmark.Server server = HistoryBenchmark.Server.start(dataDir)) {
            Path js = Path.of(System.getProperty("user.dir"), "src/test/js");
            ProcessBuilder node = new ProcessBuilder("node", "console-bench.mjs").directory(js.toFile()).inheritIO();
            node.environment().put("STEWARD_ENDPOINT", server.endpoint.toString());
            node.environment().put("STEWARD_BIG_ASSOCIATION", lines.get(0));
            node.environment().put("STEWARD_SMALL_ASSOCIATION", lines.get(1));
            int exit = node.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("console-bench.mjs exited " + exit);
            }
        }
    }

    private ConsoleBenchmark() {
    }
}
