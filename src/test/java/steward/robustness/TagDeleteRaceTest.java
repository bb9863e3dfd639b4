package steward.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;
import steward.server.ServerConfig;
import steward.testing.TestServer;

/**
 * Tagging an association while it is deleted must not leave tags behind: the existence check
 * and the tag write share one transaction.
 */
class TagDeleteRaceTest {
    @Test
    void tagsWrittenDuringADeleteDoNotOutliveTheAssociation() throws Exception {
        Path dataDir = Files.createTempDirectory("steward-tag-race");
        try (TestServer server = TestServer.start(new ServerConfig("127.0.0.1", 0, dataDir,
                ServerConfig.DEFAULT_ASSOCIATION_LIMIT)); SsmClient ssm = server.client()) {
            for (int round = 0; round < 20; round++) {
                String id = ssm.createAssociation(r -> r.name("AWS-RunShellScript")
                        .targets(t -> t.key("tag:none").values("none"))
                        .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId();
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> taggers = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    int n = t;
                    taggers.add(Thread.ofVirtual().start(() -> {
                        await(go);
                        for (int i = 0; i < 5; i++) {
                            Tag tag = Tag.builder().key("k" + n + "-" + i).value("v").build();
                            try {
                                ssm.addTagsToResource(r -> r.resourceType("Association").resourceId(id).tags(tag));
                            } catch (SsmException gone) {
                                assertEquals("InvalidResourceId", gone.awsErrorDetails().errorCode());
                            }
                        }
                    }));
                }
                go.countDown();
                ssm.deleteAssociation(r -> r.associationId(id));
                for (Thread tagger : taggers) {
                    tagger.join();
                }
            }
            // A reader beside the server (WAL allows it) sees what the server committed.
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("steward.db"));
                 Statement s = c.createStatement();
                 ResultSet orphans = s.executeQuery("SELECT COUNT(*) FROM resource_tag t WHERE t.resource_type = "
                         + "'Association' AND NOT EXISTS (SELECT 1 FROM association a WHERE a.association_id = t.resource_id)")) {
                orphans.next();
                assertEquals(0, orphans.getInt(1), "tags of deleted associations");
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
