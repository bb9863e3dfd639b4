package steward.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Association;
import software.amazon.awssdk.services.ssm.model.AssociationVersionInfo;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ServerProcess;
import steward.testing.TestServer;

/**
 * SIGKILL the server again and again in the middle of a stream of writes, restart it on the same
 * data directory each time, and check that every write it acknowledged is still there.
 *
 * <p>Several writer threads create, update, tag and delete associations. Each association belongs
 * to one writer, so the test knows its exact acknowledged state: versions and what each holds,
 * tags, and whether it was deleted. At each kill every writer has at most one write in flight,
 * which may or may not have landed; after the restart the test looks which way it went, checks
 * that it went one of those two ways and not a third, and carries on from what is there. After
 * the last kill {@code PRAGMA integrity_check} runs on the SQLite file, then a last restart checks
 * everything ever acknowledged.
 *
 * <p>{@code -Dsteward.kills=N} sets the number of kills (default 5), {@code -Dsteward.seed=S}
 * replays a run's kill delays and choice of writes (thread timing still varies).
 */
class KillLoopDurabilityTest {
    private static final int KILLS = Integer.getInteger("steward.kills", 5);
    private static final int WRITERS = Integer.getInteger("steward.killWriters", 6);
    private static final String[] SERVER_ARGS = {"--association-limit", "100000"};
    private static final int MIN_DELAY_MS = 50;
    private static final int MAX_DELAY_MS = 800;
    private static final int MAX_TAGS = 40;
    private static final int MAX_VERSIONS = 900;

    @Test
    void everyAcknowledgedWriteSurvivesRepeatedKillNine() throws Exception {
        long seed = Long.getLong("steward.seed", new SecureRandom().nextLong());
        System.out.printf("KillLoopDurabilityTest: seed=%d kills=%d writers=%d (replay with -Dsteward.seed=%d)%n",
                seed, KILLS, WRITERS, seed);
        Random random = new Random(seed);
        List<Writer> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(new Writer(w, new Random(random.nextLong())));
        }
        Stats stats = new Stats();
        Path dataDir = Files.createTempDirectory("steward-kill-loop");
        long started = System.nanoTime();
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                long delay = MIN_DELAY_MS + random.nextInt(MAX_DELAY_MS - MIN_DELAY_MS + 1);
                try (ServerProcess server = ServerProcess.start(dataDir, SERVER_ARGS)) {
                    stats.starts++;
                    try (SsmClient ssm = NoRetryClients.ssm(server.endpoint())) {
                        reconcile(ssm, writers, stats, false);
                    }
                    int before = stats.acknowledged(writers);
                    writeThenKill(server, writers, delay);
                    System.out.printf("  kill %d: %d ms after the writes started, %d writes acknowledged, %d in flight%n",
                            kill, delay, stats.acknowledged(writers) - before,
                            writers.stream().filter(w -> w.pending != null).count());
                    stats.kills++;
                }
            }
            List<String> integrity = integrityCheck(dataDir, writers);
            try (ServerProcess server = ServerProcess.start(dataDir, SERVER_ARGS);
                 SsmClient ssm = NoRetryClients.ssm(server.endpoint())) {
                stats.starts++;
                reconcile(ssm, writers, stats, true);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            stats.acknowledged(writers);
            System.out.printf("KILL-LOOP RESULT seed=%d kills=%d starts=%d acknowledged=%d (creates=%d updates=%d "
                            + "tags=%d deletes=%d) checked=%d in-flight-at-kill=%d (landed=%d, not=%d) "
                            + "associations=%d live, %d deleted integrity_check=%s duration=%d ms%n",
                    seed, stats.kills, stats.starts, stats.acknowledged(), stats.kinds.get(Kind.CREATE),
                    stats.kinds.get(Kind.UPDATE), stats.kinds.get(Kind.TAG), stats.kinds.get(Kind.DELETE),
                    stats.checked, stats.landed + stats.notLanded, stats.landed, stats.notLanded,
                    writers.stream().mapToInt(w -> w.live.size()).sum(),
                    writers.stream().mapToInt(w -> w.deleted.size()).sum(), String.join(",", integrity), millis);
            assertEquals(KILLS, stats.kills);
            assertTrue(stats.acknowledged() > KILLS, "the writers got writes through between kills: " + stats.acknowledged());
            assertEquals(stats.acknowledged(), stats.checked, "every acknowledged write was checked after a restart");
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        } finally {
            TestServer.deleteRecursively(dataDir);
        }
    }

    // ---- the writes -------------------------------------------------------------------------

    private enum Kind { CREATE, UPDATE, TAG, DELETE }

    /** One association as its writer knows it from acknowledged writes. */
    private static final class Tracked {
        final String name;
        String id;
        final TreeMap<Integer, String> versions = new TreeMap<>();
        final Map<String, String> tags = new HashMap<>();

        Tracked(String name) {
            this.name = name;
        }

        int latest() {
            return versions.lastKey();
        }

        @Override
        public String toString() {
            return name + "(" + id + ")";
        }
    }

    /** A write sent but not (yet) answered. */
    private record Pending(Kind kind, Tracked target, String value, String tagKey, int fromVersion) {
    }

    /** One writer thread's associations: only this writer ever writes them. */
    private static final class Writer {
        final int index;
        final Random random;
        final List<Tracked> live = new ArrayList<>();
        final List<Tracked> deleted = new ArrayList<>();
        /** Touched since the last check: checked in detail at the next restart. */
        final Set<Tracked> touched = new HashSet<>();
        final Map<Kind, Integer> acknowledged = new LinkedHashMap<>();
        int acknowledgedSinceCheck;
        Pending pending;
        String failure;
        int seq;

        Writer(int index, Random random) {
            this.index = index;
            this.random = random;
        }

        void run(SsmClient ssm, AtomicBoolean killing) {
            while (!killing.get()) {
                Pending next = choose();
                pending = next;
                try {
                    send(ssm, next);
                } catch (RuntimeException e) {
                    if (e instanceof SdkException && !(e instanceof SsmException) && killing.get()) {
                        return; // cut off by the kill: pending stays, its outcome is looked up after the restart
                    }
                    failure = "writer " + index + ": " + next.kind() + " on " + next.target() + " was answered with an error, not cut off by a kill: "
                            + (e instanceof SsmException s && s.awsErrorDetails() != null
                            ? s.awsErrorDetails().errorCode() + ": " : "") + e.getMessage();
                    return;
                }
                pending = null;
                apply(next);
                acknowledged.merge(next.kind(), 1, Integer::sum);
                acknowledgedSinceCheck++;
            }
        }

        private Pending choose() {
            int n = ++seq;
            double roll = random.nextDouble();
            if (live.isEmpty() || roll < 0.30) {
                return new Pending(Kind.CREATE, new Tracked("kl-w" + index + "-" + n), "c" + index + "-" + n, null, 0);
            }
            Tracked t = live.get(random.nextInt(live.size()));
            if (roll >= 0.85 || t.latest() >= MAX_VERSIONS) {
                return new Pending(Kind.DELETE, t, null, null, 0);
            }
            if (roll >= 0.65 && t.tags.size() < MAX_TAGS) {
                // One tag write in three sets a key the association already has.
                String key = !t.tags.isEmpty() && random.nextInt(3) == 0
                        ? new ArrayList<>(new TreeSet<>(t.tags.keySet())).get(random.nextInt(t.tags.size()))
                        : "k" + n;
                return new Pending(Kind.TAG, t, "v" + index + "-" + n, key, 0);
            }
            return new Pending(Kind.UPDATE, t, "u" + index + "-" + n, null, t.latest());
        }

        private static void send(SsmClient ssm, Pending p) {
            Tracked t = p.target();
            switch (p.kind()) {
                case CREATE -> t.id = ssm.createAssociation(r -> r.name("AWS-RunShellScript").associationName(t.name)
                        .targets(Target.builder().key("tag:robustness").values("no-such-node").build())
                        .parameters(Map.of("commands", List.of(p.value())))).associationDescription().associationId();
                case UPDATE -> {
                    // UpdateAssociation clears what it is not given: the name goes with every update.
                    String version = ssm.updateAssociation(r -> r.associationId(t.id).associationName(t.name)
                            .associationVersion(Integer.toString(p.fromVersion()))
                            .parameters(Map.of("commands", List.of(p.value())))).associationDescription().associationVersion();
                    if (!Integer.toString(p.fromVersion() + 1).equals(version)) {
                        throw new IllegalStateException("update of " + t + " from " + p.fromVersion() + " answered " + version);
                    }
                }
                case TAG -> ssm.addTagsToResource(r -> r.resourceType(ResourceTypeForTagging.ASSOCIATION)
                        .resourceId(t.id).tags(Tag.builder().key(p.tagKey()).value(p.value()).build()));
                case DELETE -> ssm.deleteAssociation(r -> r.associationId(t.id));
            }
        }

        /** The write's effect, once it is acknowledged or found to have landed. */
        void apply(Pending p) {
            Tracked t = p.target();
            switch (p.kind()) {
                case CREATE -> {
                    t.versions.put(1, p.value());
                    live.add(t);
                }
                case UPDATE -> t.versions.put(p.fromVersion() + 1, p.value());
                case TAG -> t.tags.put(p.tagKey(), p.value());
                case DELETE -> {
                    live.remove(t);
                    deleted.add(t);
                }
            }
            touched.add(t);
        }
    }

    private static final class Stats {
        int kills;
        int starts;
        int checked;
        int landed;
        int notLanded;
        final Map<Kind, Integer> kinds = new LinkedHashMap<>();

        int acknowledged() {
            return kinds.values().stream().mapToInt(Integer::intValue).sum();
        }

        int acknowledged(List<Writer> writers) {
            kinds.clear();
            for (Kind kind : Kind.values()) {
                kinds.put(kind, writers.stream().mapToInt(w -> w.acknowledged.getOrDefault(kind, 0)).sum());
            }
            return acknowledged();
        }
    }

    private static void writeThenKill(ServerProcess server, List<Writer> writers, long delayMillis) throws Exception {
        AtomicBoolean killing = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (Writer writer : writers) {
            threads.add(Thread.ofPlatform().name("kill-loop-writer-" + writer.index).start(() -> {
                try (SsmClient ssm = NoRetryClients.ssm(server.endpoint())) {
                    writer.run(ssm, killing);
                }
            }));
        }
        Thread.sleep(delayMillis);
        killing.set(true);
        server.kill();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!thread.isAlive(), thread.getName() + " stopped after the kill");
        }
        for (Writer writer : writers) {
            if (writer.failure != null) {
                fail(writer.failure);
            }
        }
    }

    // ---- the checks after each restart ----------------------------------------------------------

    /**
     * Settles each write that was in flight at the kill by looking at what is there, then checks
     * the whole listing against the model and, in detail, every association touched since the
     * last check ({@code everything}: all of them, and every deleted one).
     */
    private static void reconcile(SsmClient ssm, List<Writer> writers, Stats stats, boolean everything) {
        Map<String, Association> listed = new LinkedHashMap<>();
        for (Association a : ssm.listAssociationsPaginator(r -> r.maxResults(50)).associations()) {
            assertTrue(listed.put(a.associationId(), a) == null, "ListAssociations lists " + a.associationId() + " twice");
        }
        Map<String, String> idsByName = new HashMap<>();
        listed.values().forEach(a -> idsByName.put(a.associationName(), a.associationId()));
        for (Writer writer : writers) {
            Pending p = writer.pending;
            writer.pending = null;
            if (p == null) {
                continue;
            }
            Tracked t = p.target();
            boolean landed = switch (p.kind()) {
                case CREATE -> {
                    t.id = idsByName.get(t.name);
                    yield t.id != null;
                }
                case UPDATE -> {
                    Association a = listed.get(t.id);
                    assertTrue(a != null, "an update was in flight on " + t + ", an acknowledged association, and it is gone");
                    int version = Integer.parseInt(a.associationVersion());
                    assertTrue(version == p.fromVersion() || version == p.fromVersion() + 1, "an update from version "
                            + p.fromVersion() + " of " + t + " was in flight; the association is now at version " + version);
                    yield version == p.fromVersion() + 1;
                }
                case TAG -> {
                    String value = tags(ssm, t.id).get(p.tagKey());
                    assertTrue(p.value().equals(value) || Objects.equals(t.tags.get(p.tagKey()), value), "tag "
                            + p.tagKey() + " of " + t + " was being set to " + p.value() + " over "
                            + t.tags.get(p.tagKey()) + " and reads " + value);
                    yield p.value().equals(value);
                }
                case DELETE -> !listed.containsKey(t.id);
            };
            if (landed) {
                writer.apply(p);
                stats.landed++;
            } else {
                writer.touched.add(t);
                stats.notLanded++;
            }
        }

        Set<String> expected = new TreeSet<>();
        for (Writer writer : writers) {
            writer.live.forEach(t -> expected.add(t.id));
        }
        Set<String> lost = new TreeSet<>(expected);
        lost.removeAll(listed.keySet());
        Set<String> phantom = new TreeSet<>(listed.keySet());
        phantom.removeAll(expected);
        assertEquals(Set.of(), lost, "acknowledged associations missing after the restart");
        assertEquals(Set.of(), phantom, "associations listed that were never created or were acknowledged deleted");

        for (Writer writer : writers) {
            for (Tracked t : writer.live) {
                Association a = listed.get(t.id);
                assertEquals(t.name, a.associationName(), "name of " + t);
                assertEquals(Integer.toString(t.latest()), a.associationVersion(), "latest version of " + t);
                if (everything || writer.touched.contains(t)) {
                    checkInDetail(ssm, t);
                }
            }
            for (Tracked t : writer.deleted) {
                if (everything || writer.touched.contains(t)) {
                    try {
                        ssm.describeAssociation(r -> r.associationId(t.id));
                        fail("acknowledged-deleted " + t + " can be described");
                    } catch (SsmException e) {
                        assertEquals("AssociationDoesNotExist", e.awsErrorDetails().errorCode(), "describe deleted " + t);
                    }
                }
            }
            writer.touched.clear();
            stats.checked += writer.acknowledgedSinceCheck;
            writer.acknowledgedSinceCheck = 0;
        }
    }

    /** Every version 1..latest is there once and holds what was written; the tags are exactly the acknowledged ones. */
    private static void checkInDetail(SsmClient ssm, Tracked t) {
        List<AssociationVersionInfo> versions = ssm.listAssociationVersionsPaginator(r -> r.associationId(t.id)
                .maxResults(50)).associationVersions().stream().toList();
        assertEquals(IntStream.rangeClosed(1, t.latest()).mapToObj(Integer::toString).toList(),
                versions.stream().map(AssociationVersionInfo::associationVersion).toList(), "versions of " + t);
        for (AssociationVersionInfo v : versions) {
            assertEquals(List.of(t.versions.get(Integer.parseInt(v.associationVersion()))), v.parameters().get("commands"),
                    "version " + v.associationVersion() + " of " + t);
        }
        assertEquals(t.tags, tags(ssm, t.id), "tags of " + t);
    }

    private static Map<String, String> tags(SsmClient ssm, String id) {
        return ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.ASSOCIATION).resourceId(id)).tagList()
                .stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    /**
     * The SQLite file itself, opened directly after the last kill: intact, foreign keys hold, and
     * no tag outlived its association.
     */
    private static List<String> integrityCheck(Path dataDir, List<Writer> writers) throws Exception {
        List<String> integrity = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("steward.db").toAbsolutePath());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    integrity.add(rs.getString(1));
                }
            }
            assertEquals(List.of("ok"), integrity, "PRAGMA integrity_check after the last kill");
            List<String> violations = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                while (rs.next()) {
                    violations.add(rs.getString(1) + " rowid " + rs.getLong(2) + " -> " + rs.getString(3));
                }
            }
            assertEquals(List.of(), violations, "PRAGMA foreign_key_check after the last kill");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM resource_tag WHERE resource_type = 'Association' "
                    + "AND resource_id NOT IN (SELECT association_id FROM association)")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "tags of deleted associations left in resource_tag");
            }
            int deleted = writers.stream().mapToInt(w -> w.deleted.size()).sum();
            System.out.printf("  integrity_check=%s foreign_key_check=ok orphan tags=0 (%d deleted associations)%n",
                    integrity, deleted);
        }
        return integrity;
    }
}
