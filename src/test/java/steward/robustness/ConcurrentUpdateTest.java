package steward.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationVersionInfo;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Target;
import software.amazon.awssdk.services.ssm.model.UpdateAssociationResponse;
import steward.testing.TestServer;

/**
 * Thirty-two clients race to update one association, each naming the version it last saw.
 * Optimistic concurrency must let exactly one update per version through, answer every other
 * one InvalidAssociationVersion, and leave a version history without gaps or duplicates whose
 * every version is the one its winner wrote. With $LATEST, or no version at all, nobody may lose.
 */
class ConcurrentUpdateTest {
    private static final int CLIENTS = 32;
    private static final int UPDATES = Integer.getInteger("steward.updates", 200);
    private static final String LOSS = "InvalidAssociationVersion";
    /** Stops a thread that keeps losing; far above what real contention needs. */
    private static final int MAX_ATTEMPTS_PER_UPDATE = 5_000;

    private static TestServer server;
    private static SsmClient reader;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        reader = NoRetryClients.ssm(server.endpoint());
    }

    @AfterAll
    static void stop() {
        reader.close();
        server.close();
    }

    private enum Mode {
        EXPLICIT("explicit AssociationVersion"), LATEST("$LATEST"), OMITTED("no AssociationVersion");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** What one race produced. */
    private record Race(String associationId, Map<Integer, String> winners, List<String> duplicates,
                        List<String> unexpected, int losses, int attempts, long millis) {
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void explicitVersionsLetExactlyOneUpdatePerVersionWin() throws Exception {
        Race race = race(Mode.EXPLICIT);
        report(Mode.EXPLICIT.label, race);
        assertEquals(List.of(), race.unexpected(), "every losing update is InvalidAssociationVersion and nothing else fails");
        assertEquals(List.of(), race.duplicates(), "each winner got a version nobody else got");
        assertTrue(race.losses() > 0, "32 clients on one association must collide at least once");
        assertEquals(UPDATES + race.losses(), race.attempts(), "every attempt either won or lost");
        assertHistory(race);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void latestNeverLosesAndLeavesNoGaps() throws Exception {
        assertNobodyLoses(Mode.LATEST);
    }

    /** Without AssociationVersion an update applies to the latest version, exactly as with $LATEST. */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void omittedVersionNeverLosesAndLeavesNoGaps() throws Exception {
        assertNobodyLoses(Mode.OMITTED);
    }

    private static void assertNobodyLoses(Mode mode) throws Exception {
        Race race = race(mode);
        report(mode.label, race);
        assertEquals(List.of(), race.unexpected(), "no " + mode.label + " update fails");
        assertEquals(0, race.losses(), "an update to " + mode.label + " has no version to lose on, yet "
                + race.losses() + " of " + race.attempts() + " attempts were answered InvalidAssociationVersion");
        assertEquals(List.of(), race.duplicates(), "each winner got a version nobody else got");
        assertHistory(race);
    }

    private static Race race(Mode mode) throws Exception {
        boolean latest = mode != Mode.EXPLICIT;
        String id = reader.createAssociation(r -> r.name("AWS-RunShellScript")
                        .associationName("race-" + mode.name().toLowerCase(Locale.ROOT))
                        .targets(Target.builder().key("tag:robustness").values("no-such-node").build())
                        .parameters(Map.of("commands", List.of("v1"))))
                .associationDescription().associationId();
        AtomicInteger tickets = new AtomicInteger(UPDATES);
        AtomicInteger losses = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        Map<Integer, String> winners = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> duplicates = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            int client = t;
            threads.add(Thread.ofPlatform().name("updater-" + t).start(() -> {
                try (SsmClient ssm = NoRetryClients.ssm(server.endpoint())) {
                    String lastSeen = switch (mode) {
                        case EXPLICIT -> read(ssm, id);
                        case LATEST -> "$LATEST";
                        case OMITTED -> null;
                    };
                    ready.countDown();
                    go.await();
                    int n = 0;
                    while (tickets.getAndDecrement() > 0) {
                        boolean won = false;
                        for (int attempt = 0; !won && attempt < MAX_ATTEMPTS_PER_UPDATE; attempt++) {
                            String content = "c" + client + "-" + n++;
                            String expected = lastSeen;
                            attempts.incrementAndGet();
                            try {
                                UpdateAssociationResponse response = ssm.updateAssociation(r -> r.associationId(id)
                                        .associationVersion(expected).parameters(Map.of("commands", List.of(content))));
                                int version = Integer.parseInt(response.associationDescription().associationVersion());
                                if (!latest && version != Integer.parseInt(expected) + 1) {
                                    unexpected.add("update from version " + expected + " answered version " + version);
                                }
                                String before = winners.putIfAbsent(version, content);
                                if (before != null) {
                                    duplicates.add("version " + version + " went to both " + before + " and " + content);
                                }
                                if (!latest) {
                                    lastSeen = Integer.toString(version);
                                }
                                won = true;
                            } catch (SsmException e) {
                                String code = e.awsErrorDetails() == null ? "?" : e.awsErrorDetails().errorCode();
                                if (LOSS.equals(code)) {
                                    losses.incrementAndGet();
                                    if (!latest) {
                                        lastSeen = read(ssm, id);
                                    }
                                } else {
                                    unexpected.add(code + ": " + e.getMessage());
                                    return;
                                }
                            }
                        }
                        if (!won) {
                            unexpected.add("client " + client + " lost " + MAX_ATTEMPTS_PER_UPDATE + " times in a row");
                            return;
                        }
                    }
                } catch (SdkException | InterruptedException e) {
                    unexpected.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }));
        }
        assertTrue(ready.await(60, TimeUnit.SECONDS), "clients ready");
        long started = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
            assertTrue(!thread.isAlive(), thread.getName() + " finished");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return new Race(id, Map.copyOf(winners), List.copyOf(duplicates), List.copyOf(unexpected), losses.get(),
                attempts.get(), millis);
    }

    private static String read(SsmClient ssm, String id) {
        return ssm.describeAssociation(r -> r.associationId(id)).associationDescription().associationVersion();
    }

    private static void assertHistory(Race race) {
        String id = race.associationId();
        assertEquals(IntStream.rangeClosed(2, UPDATES + 1).boxed().toList(),
                race.winners().keySet().stream().sorted().toList(), "the winners' versions are 2.." + (UPDATES + 1));
        assertEquals(Integer.toString(1 + UPDATES), read(reader, id), "final version is 1 + successful updates");
        List<AssociationVersionInfo> versions = reader.listAssociationVersionsPaginator(r -> r.associationId(id)
                .maxResults(50)).associationVersions().stream().toList();
        assertEquals(IntStream.rangeClosed(1, UPDATES + 1).mapToObj(Integer::toString).toList(),
                versions.stream().map(AssociationVersionInfo::associationVersion).toList(),
                "ListAssociationVersions lists 1.." + (UPDATES + 1) + " once each, in order");
        for (AssociationVersionInfo v : versions) {
            int version = Integer.parseInt(v.associationVersion());
            String expected = version == 1 ? "v1" : race.winners().get(version);
            assertEquals(List.of(expected), v.parameters().get("commands"),
                    "version " + version + " holds what its winner wrote");
        }
    }

    private static void report(String kind, Race race) {
        System.out.printf("ConcurrentUpdateTest [%s]: %d clients, %d successful updates, %d losses "
                        + "(InvalidAssociationVersion), %d attempts, %d unexpected errors, %d ms%n",
                kind, CLIENTS, race.winners().size(), race.losses(), race.attempts(), race.unexpected().size(),
                race.millis());
        race.unexpected().stream().limit(10).forEach(u -> System.out.println("  unexpected: " + u));
    }
}
