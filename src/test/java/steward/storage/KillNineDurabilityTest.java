package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Association;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.Clients;
import steward.testing.PostgresFixture;
import steward.testing.ServerProcess;
import steward.testing.TestServer;

/**
 * Every write the server acknowledged is there after SIGKILL and a restart, and nothing else is:
 * besides the acknowledged associations the listing may hold only the one create each writer
 * had in flight when the kill cut it off.
 *
 * <p>A writer may end only by a client-side failure (no answer) after the kill; an error the
 * server answered, before or after, fails the test. The clients never retry, so each create
 * reaches the server at most once.
 */
class KillNineDurabilityTest {
    private static final int WRITERS = 4;
    /** Acknowledged creates to wait for before the kill, so the writers are in full flow when it comes. */
    private static final int BEFORE_KILL = 60;

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        killAndRestart();
    }

    /** The same on PostgreSQL: the server process dies, the database does not, and holds every acknowledged write. */
    @Test
    void acknowledgedWritesSurviveKillNineOnPostgres() throws Exception {
        killAndRestart("--database", PostgresFixture.database("kill_nine"));
    }

    private static void killAndRestart(String... store) throws Exception {
        Path dataDir = Files.createTempDirectory("steward-kill");
        try {
            Map<String, String> acknowledged = new ConcurrentHashMap<>(); // name -> id
            Map<Integer, String> cutOff = new ConcurrentHashMap<>(); // writer -> name of the create in flight at the kill
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            String updated;
            try (ServerProcess server = ServerProcess.start(dataDir, with(store, "--association-limit", "100000"));
                 SsmClient ssm = Clients.ssm(server.endpoint())) {
                updated = create(ssm, "kn-updated");
                ssm.updateAssociation(r -> r.associationId(updated).associationName("kn-updated")
                        .parameters(Map.of("commands", List.of("v2"))));
                AtomicBoolean killing = new AtomicBoolean();
                AtomicInteger count = new AtomicInteger();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(Thread.ofPlatform().name("kill-nine-writer-" + w).start(() -> {
                        for (int n = 0; !killing.get(); n++) {
                            String name = "kn-w" + writer + "-" + n;
                            try {
                                acknowledged.put(name, create(ssm, name));
                                count.incrementAndGet();
                            } catch (RuntimeException e) {
                                if (e instanceof SdkException && !(e instanceof SsmException) && killing.get()) {
                                    cutOff.put(writer, name); // no answer: it may or may not have landed
                                } else {
                                    failures.add("writer " + writer + ", create " + name + ": "
                                            + (e instanceof SsmException s && s.awsErrorDetails() != null
                                            ? s.statusCode() + " " + s.awsErrorDetails().errorCode() + ": " : "") + e);
                                }
                                return;
                            }
                        }
                    }));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (count.get() < BEFORE_KILL && failures.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                killing.set(true);
                if (!failures.isEmpty()) {
                    server.output().stream().filter(l -> l.contains("ERROR") || l.contains("Exception"))
                            .limit(20).forEach(failures::add);
                }
                server.kill();
                for (Thread writer : writers) {
                    writer.join(TimeUnit.SECONDS.toMillis(60));
                    assertTrue(!writer.isAlive(), writer.getName() + " stopped after the kill");
                }
            }
            assertEquals(List.of(), List.copyOf(failures), "writes answered with an error, or cut off before the kill");
            assertTrue(acknowledged.size() >= BEFORE_KILL, "the writers got going before the kill: " + acknowledged.size());
            System.out.printf("KillNineDurabilityTest (%s): %d creates acknowledged before the kill, %d in flight at it%n",
                    store.length == 0 ? "SQLite" : "PostgreSQL", acknowledged.size(), cutOff.size());

            try (ServerProcess server = ServerProcess.start(dataDir, with(store, "--association-limit", "100000"));
                 SsmClient ssm = Clients.ssm(server.endpoint())) {
                Map<String, Association> listed = new LinkedHashMap<>();
                for (Association a : ssm.listAssociationsPaginator(r -> r.maxResults(50)).associations()) {
                    assertTrue(listed.put(a.associationId(), a) == null, "ListAssociations lists " + a.associationId() + " twice");
                }
                Map<String, String> listedNames = new TreeMap<>();
                listed.values().forEach(a -> listedNames.put(a.associationId(), a.associationName()));

                Set<String> lost = new TreeSet<>();
                acknowledged.forEach((name, id) -> {
                    if (!name.equals(listedNames.get(id))) {
                        lost.add(name + " (" + id + ")");
                    }
                });
                assertEquals(Set.of(), lost, "acknowledged creates missing (or renamed) after the restart");
                for (String id : acknowledged.values()) {
                    assertEquals(id, ssm.describeAssociation(r -> r.associationId(id)).associationDescription().associationId());
                }
                assertEquals("kn-updated", listedNames.get(updated), "the updated association is listed");
                assertEquals("2", ssm.describeAssociation(r -> r.associationId(updated)).associationDescription()
                        .associationVersion());

                // Whatever else is listed must be a create that was in flight at the kill, each at most once.
                Set<String> acknowledgedIds = new TreeSet<>(acknowledged.values());
                acknowledgedIds.add(updated);
                List<String> unacknowledged = listed.values().stream()
                        .filter(a -> !acknowledgedIds.contains(a.associationId()))
                        .map(Association::associationName).sorted().toList();
                Set<String> inFlight = new TreeSet<>(cutOff.values());
                assertTrue(inFlight.containsAll(unacknowledged) && Set.copyOf(unacknowledged).size() == unacknowledged.size(),
                        "associations listed that were never acknowledged and were not in flight at the kill "
                                + "(or were, but are there twice): listed " + unacknowledged + ", in flight " + inFlight);
                assertTrue(listed.size() <= 1 + acknowledged.size() + cutOff.size(), "listed " + listed.size()
                        + ", at most 1 + " + acknowledged.size() + " acknowledged + " + cutOff.size() + " in flight");
                assertTrue(listed.size() >= 1 + acknowledged.size(), "listed " + listed.size());
            }
        } finally {
            TestServer.deleteRecursively(dataDir);
        }
    }

    private static String[] with(String[] store, String... args) {
        String[] all = java.util.Arrays.copyOf(store, store.length + args.length);
        System.arraycopy(args, 0, all, store.length, args.length);
        return all;
    }

    private static String create(SsmClient ssm, String name) {
        return ssm.createAssociation(r -> r.name("AWS-RunShellScript").associationName(name)
                .targets(Target.builder().key("InstanceIds").values("*").build())
                .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId();
    }
}
