package steward.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Association;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationVersionInfo;
import software.amazon.awssdk.services.ssm.model.DescribeAssociationExecutionsResponse;
import software.amazon.awssdk.services.ssm.model.ListAssociationVersionsResponse;
import software.amazon.awssdk.services.ssm.model.ListAssociationsResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ServerProcess;
import steward.testing.TestServer;

/**
 * NextTokens are sealed with the key kept in the store: a token taken before a SIGKILL and a
 * restart continues the listing where it stopped, a data directory of an older Steward keeps
 * the key of its token.key, and a server with another key
 * (another store, or the same store with its key lost) refuses it as InvalidNextToken.
 */
class PageTokensAcrossRestartTest {
    private static final int ASSOCIATIONS = 7;
    private static final int VERSIONS = 5;
    private static final int RUNS = 9;
    private final List<Path> dirs = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        dirs.forEach(TestServer::deleteRecursively);
    }

    @Test
    void tokensContinueAfterRestartAndOtherKeysRefuseThem() throws Exception {
        Path dataDir = dir("steward-tokens-a");
        List<String> associations;
        List<String> runs;
        String runsOf;
        String tokenAfterTwo;
        String tokenAfterFour;
        String runsToken;
        String versionsToken;
        try (ServerProcess server = ServerProcess.start(dataDir); SsmClient ssm = NoRetryClients.ssm(server.endpoint())) {
            for (int i = 0; i < ASSOCIATIONS; i++) {
                create(ssm, "tokens-" + i);
            }
            associations = allAssociations(ssm);
            assertEquals(ASSOCIATIONS, associations.size());
            runsOf = associations.get(1);
            // Versions 2..5; each update is also a run, as is the create.
            for (int v = 2; v <= VERSIONS; v++) {
                String commands = "v" + v;
                ssm.updateAssociation(r -> r.associationId(runsOf).associationName("tokens-1")
                        .parameters(Map.of("commands", List.of(commands))));
            }
            for (int i = VERSIONS; i < RUNS; i++) {
                ssm.startAssociationsOnce(r -> r.associationIds(runsOf));
            }
            runs = awaitRuns(ssm, runsOf, RUNS);

            ListAssociationsResponse first = ssm.listAssociations(r -> r.maxResults(2));
            assertEquals(associations.subList(0, 2), ids(first));
            tokenAfterTwo = first.nextToken();
            assertNotNull(tokenAfterTwo);
            ListAssociationsResponse second = ssm.listAssociations(r -> r.maxResults(2).nextToken(tokenAfterTwo));
            assertEquals(associations.subList(2, 4), ids(second));
            tokenAfterFour = second.nextToken();

            DescribeAssociationExecutionsResponse firstRuns = ssm.describeAssociationExecutions(r -> r
                    .associationId(runsOf).maxResults(2));
            assertEquals(runs.subList(0, 2), executionIds(firstRuns));
            runsToken = firstRuns.nextToken();
            assertNotNull(runsToken);

            ListAssociationVersionsResponse firstVersions = ssm.listAssociationVersions(r -> r.associationId(runsOf)
                    .maxResults(2));
            assertEquals(List.of("1", "2"), versionNumbers(firstVersions));
            versionsToken = firstVersions.nextToken();
            assertNotNull(versionsToken);
            server.kill();
        }

        try (ServerProcess server = ServerProcess.start(dataDir); SsmClient ssm = NoRetryClients.ssm(server.endpoint())) {
            assertEquals(associations, allAssociations(ssm), "the store came back as it was");
            assertEquals(runs, awaitRuns(ssm, runsOf, RUNS), "the history came back as it was");

            ListAssociationsResponse third = ssm.listAssociations(r -> r.maxResults(2).nextToken(tokenAfterTwo));
            assertEquals(associations.subList(2, 4), ids(third), "the page after the first two, after the restart");
            assertEquals(associations.subList(2, ASSOCIATIONS), walkAssociations(ssm, tokenAfterTwo),
                    "walking on from the old token visits the rest once each, in order");
            assertEquals(associations.subList(4, ASSOCIATIONS), walkAssociations(ssm, tokenAfterFour));

            DescribeAssociationExecutionsResponse nextRuns = ssm.describeAssociationExecutions(r -> r
                    .associationId(runsOf).maxResults(2).nextToken(runsToken));
            assertEquals(runs.subList(2, 4), executionIds(nextRuns), "the runs after the first two, after the restart");
            assertEquals(runs.subList(2, RUNS), walkRuns(ssm, runsOf, runsToken));

            ListAssociationVersionsResponse nextVersions = ssm.listAssociationVersions(r -> r.associationId(runsOf)
                    .maxResults(2).nextToken(versionsToken));
            assertEquals(List.of("3", "4"), versionNumbers(nextVersions));
            server.kill();
        }

        // A copy of the store: it carries the key, which lives in the store.
        Path copy = dir("steward-tokens-copy");
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("steward.db")).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }

        // A data directory of a Steward from before the key moved into the store: its token.key is
        // adopted at the first start, so the tokens it sealed still open.
        byte[] key;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy.resolve("steward.db"));
             Statement s = c.createStatement()) {
            ResultSet row = s.executeQuery("SELECT key_bytes FROM token_key");
            assertTrue(row.next());
            key = row.getBytes(1);
            row.close();
            s.executeUpdate("DELETE FROM token_key");
        }
        Files.write(copy.resolve("token.key"), key);
        try (ServerProcess server = ServerProcess.start(copy); SsmClient ssm = NoRetryClients.ssm(server.endpoint())) {
            assertEquals(associations.subList(2, 4), ids(ssm.listAssociations(r -> r.maxResults(2).nextToken(tokenAfterTwo))),
                    "a token sealed with the key of token.key opens after the upgrade");
        }

        // The same store whose key is lost (neither in the store nor beside it): a new key is made,
        // and every old token is refused.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy.resolve("steward.db"));
             Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM token_key");
        }
        Files.delete(copy.resolve("token.key"));
        try (ServerProcess server = ServerProcess.start(copy); SsmClient ssm = NoRetryClients.ssm(server.endpoint())) {
            assertEquals(associations, allAssociations(ssm), "the copy holds the same associations");
            assertEquals("InvalidNextToken", code(() -> ssm.listAssociations(r -> r.maxResults(2).nextToken(tokenAfterTwo))));
            assertEquals("InvalidNextToken", code(() -> ssm.describeAssociationExecutions(r -> r.associationId(runsOf)
                    .maxResults(2).nextToken(runsToken))));
            assertEquals("InvalidNextToken", code(() -> ssm.listAssociationVersions(r -> r.associationId(runsOf)
                    .maxResults(2).nextToken(versionsToken))));
            assertEquals(associations.subList(2, 4), ids(ssm.listAssociations(r -> r.maxResults(2)
                    .nextToken(ssm.listAssociations(f -> f.maxResults(2)).nextToken()))), "its own tokens work");
        }

        // Another data directory altogether, with associations of its own.
        Path other = dir("steward-tokens-b");
        try (ServerProcess server = ServerProcess.start(other); SsmClient ssm = NoRetryClients.ssm(server.endpoint())) {
            for (int i = 0; i < ASSOCIATIONS; i++) {
                create(ssm, "other-" + i);
            }
            assertEquals("InvalidNextToken", code(() -> ssm.listAssociations(r -> r.maxResults(2).nextToken(tokenAfterTwo))));
            assertEquals("InvalidNextToken", code(() -> ssm.listAssociations(r -> r.maxResults(2).nextToken(tokenAfterFour))));
        }
    }

    private Path dir(String prefix) throws Exception {
        Path dir = Files.createTempDirectory(prefix);
        dirs.add(dir);
        return dir;
    }

    private static void create(SsmClient ssm, String name) {
        ssm.createAssociation(r -> r.name("AWS-RunShellScript").associationName(name)
                .targets(Target.builder().key("tag:robustness").values("no-such-node").build())
                .parameters(Map.of("commands", List.of("v1"))));
    }

    private static List<String> allAssociations(SsmClient ssm) {
        return ssm.listAssociationsPaginator(r -> r.maxResults(50)).associations().stream()
                .map(Association::associationId).toList();
    }

    private static List<String> walkAssociations(SsmClient ssm, String token) {
        List<String> seen = new ArrayList<>();
        String next = token;
        while (next != null) {
            String current = next;
            ListAssociationsResponse page = ssm.listAssociations(r -> r.maxResults(2).nextToken(current));
            seen.addAll(ids(page));
            next = page.nextToken();
        }
        return seen;
    }

    private static List<String> walkRuns(SsmClient ssm, String associationId, String token) {
        List<String> seen = new ArrayList<>();
        String next = token;
        while (next != null) {
            String current = next;
            DescribeAssociationExecutionsResponse page = ssm.describeAssociationExecutions(r -> r
                    .associationId(associationId).maxResults(2).nextToken(current));
            seen.addAll(executionIds(page));
            next = page.nextToken();
        }
        return seen;
    }

    /** Waits until the association has {@code count} runs, none unfinished; their ids, newest first. */
    private static List<String> awaitRuns(SsmClient ssm, String associationId, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            List<AssociationExecution> all = ssm.describeAssociationExecutionsPaginator(r -> r.associationId(associationId))
                    .associationExecutions().stream().toList();
            if (all.size() >= count && all.stream().noneMatch(e -> e.status().equals("Pending")
                    || e.status().equals("InProgress"))) {
                assertEquals(count, all.size(), "runs of " + associationId);
                return all.stream().map(AssociationExecution::executionId).toList();
            }
            assertTrue(Instant.now().isBefore(deadline), "runs did not settle: " + all);
            Thread.sleep(50);
        }
    }

    private static List<String> ids(ListAssociationsResponse page) {
        return page.associations().stream().map(Association::associationId).toList();
    }

    private static List<String> executionIds(DescribeAssociationExecutionsResponse page) {
        return page.associationExecutions().stream().map(AssociationExecution::executionId).toList();
    }

    private static List<String> versionNumbers(ListAssociationVersionsResponse page) {
        return page.associationVersions().stream().map(AssociationVersionInfo::associationVersion).toList();
    }

    private static String code(Runnable call) {
        SsmException e = assertThrows(SsmException.class, call::run);
        return e.awsErrorDetails().errorCode();
    }
}
