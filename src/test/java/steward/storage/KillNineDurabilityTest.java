package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.Clients;
import steward.testing.ServerProcess;
import steward.testing.TestServer;

/** Every write the server acknowledged is there after SIGKILL and a restart. */
class KillNineDurabilityTest {
    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        Path dataDir = Files.createTempDirectory("steward-kill");
        try {
            ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
            String updated;
            try (ServerProcess server = ServerProcess.start(dataDir, "--association-limit", "100000"); SsmClient ssm = Clients.ssm(server.endpoint())) {
                updated = create(ssm);
                ssm.updateAssociation(r -> r.associationId(updated).parameters(Map.of("commands", List.of("v2"))));
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    writers.add(Thread.ofVirtual().start(() -> {
                        while (!stop.get()) {
                            try {
                                acknowledged.add(create(ssm));
                            } catch (RuntimeException killed) {
                                return;
                            }
                        }
                    }));
                }
                Thread.sleep(1500);
                server.kill();
                stop.set(true);
                for (Thread writer : writers) {
                    writer.join();
                }
            }
            try (ServerProcess server = ServerProcess.start(dataDir, "--association-limit", "100000"); SsmClient ssm = Clients.ssm(server.endpoint())) {
                for (String id : acknowledged) {
                    assertEquals(id, ssm.describeAssociation(r -> r.associationId(id)).associationDescription().associationId());
                }
                assertEquals("2", ssm.describeAssociation(r -> r.associationId(updated)).associationDescription()
                        .associationVersion());
                int listed = ssm.listAssociationsPaginator(r -> r.maxResults(50)).associations().stream().toList().size();
                assertEquals(true, listed >= acknowledged.size() + 1);
            }
            assertEquals(true, acknowledged.size() > 10, "the writers got going before the kill: " + acknowledged.size());
        } finally {
            TestServer.deleteRecursively(dataDir);
        }
    }

    private static String create(SsmClient ssm) {
        return ssm.createAssociation(r -> r.name("AWS-RunShellScript")
                .targets(Target.builder().key("InstanceIds").values("*").build())
                .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId();
    }
}
