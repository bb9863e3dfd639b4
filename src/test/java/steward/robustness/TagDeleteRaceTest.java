package steward.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;
import steward.server.ServerConfig;
import steward.testing.TestServer;

/**
 * Tagging an association while it is deleted must not leave tags behind: the existence check
 * and the tag write share one transaction.
 *
 * <p>The taggers run on their own threads, so they never assert there: a failed assertion would
 * only end that thread. Each tag write either lands or is refused with InvalidResourceId; anything
 * else is collected and fails the test after the threads are joined. The delete is sent only once
 * a tag write of the round has landed, so the taggers are mid-stream when it arrives, and the test
 * checks over the rounds that writes both landed and were refused: the race was run, not missed.
 */
class TagDeleteRaceTest {
    private static final int ROUNDS = 20;
    private static final int TAGGERS = 6;
    private static final int TAGS_PER_TAGGER = 5;

    @Test
    void tagsWrittenDuringADeleteDoNotOutliveTheAssociation() throws Exception {
        Path dataDir = Files.createTempDirectory("steward-tag-race");
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger landed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        int roundsWithBoth = 0;
        try (TestServer server = TestServer.start(new ServerConfig("127.0.0.1", 0, dataDir,
                ServerConfig.DEFAULT_ASSOCIATION_LIMIT)); SsmClient ssm = server.client()) {
            for (int round = 0; round < ROUNDS; round++) {
                String id = ssm.createAssociation(r -> r.name("AWS-RunShellScript")
                        .targets(t -> t.key("tag:none").values("none"))
                        .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId();
                CountDownLatch go = new CountDownLatch(1);
                CountDownLatch firstLanded = new CountDownLatch(1);
                AtomicInteger landedThisRound = new AtomicInteger();
                AtomicInteger refusedThisRound = new AtomicInteger();
                List<Thread> taggers = new ArrayList<>();
                for (int t = 0; t < TAGGERS; t++) {
                    int n = t;
                    int r0 = round;
                    taggers.add(Thread.ofVirtual().start(() -> {
                        try {
                            go.await();
                            for (int i = 0; i < TAGS_PER_TAGGER; i++) {
                                Tag tag = Tag.builder().key("k" + n + "-" + i).value("v").build();
                                try {
                                    ssm.addTagsToResource(r -> r.resourceType("Association").resourceId(id).tags(tag));
                                    landedThisRound.incrementAndGet();
                                    firstLanded.countDown();
                                } catch (SsmException gone) {
                                    String code = gone.awsErrorDetails() == null ? "?" : gone.awsErrorDetails().errorCode();
                                    if ("InvalidResourceId".equals(code)) {
                                        refusedThisRound.incrementAndGet();
                                    } else {
                                        failures.add("round " + r0 + ", tagger " + n + ": " + code + ": " + gone.getMessage());
                                    }
                                }
                            }
                        } catch (Throwable e) {
                            failures.add("round " + r0 + ", tagger " + n + ": " + e);
                        } finally {
                            firstLanded.countDown(); // never leave the delete waiting on a tagger that failed
                        }
                    }));
                }
                go.countDown();
                assertTrue(firstLanded.await(60, TimeUnit.SECONDS), "a tag write of round " + round + " was answered");
                ssm.deleteAssociation(r -> r.associationId(id));
                for (Thread tagger : taggers) {
                    tagger.join(TimeUnit.SECONDS.toMillis(60));
                    assertTrue(!tagger.isAlive(), "tagger of round " + round + " finished");
                }
                landed.addAndGet(landedThisRound.get());
                refused.addAndGet(refusedThisRound.get());
                if (landedThisRound.get() > 0 && refusedThisRound.get() > 0) {
                    roundsWithBoth++;
                }
            }
            System.out.printf("TagDeleteRaceTest: %d rounds, %d tag writes landed, %d refused (InvalidResourceId), "
                    + "%d rounds with both%n", ROUNDS, landed.get(), refused.get(), roundsWithBoth);
            assertEquals(List.of(), List.copyOf(failures), "tag writes answered with something other than success or InvalidResourceId");
            assertEquals(ROUNDS * TAGGERS * TAGS_PER_TAGGER, landed.get() + refused.get(), "every tag write either landed or was refused");
            assertTrue(landed.get() >= ROUNDS, "at least one tag write landed before each delete: " + landed.get());
            assertTrue(refused.get() > 0, "some tag writes arrived after a delete and were refused");
            assertTrue(roundsWithBoth > 0, "in some round tag writes landed and were refused around the delete");
            // A reader beside the server (WAL allows it) sees what the server committed.
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("steward.db"));
                 Statement s = c.createStatement()) {
                try (ResultSet orphans = s.executeQuery("SELECT COUNT(*) FROM resource_tag t WHERE t.resource_type = "
                        + "'Association' AND NOT EXISTS (SELECT 1 FROM association a WHERE a.association_id = t.resource_id)")) {
                    orphans.next();
                    assertEquals(0, orphans.getInt(1), "tags of deleted associations");
                }
                try (ResultSet associations = s.executeQuery("SELECT COUNT(*) FROM association")) {
                    associations.next();
                    assertEquals(0, associations.getInt(1), "every association of the rounds was deleted");
                }
            }
        }
    }
}
