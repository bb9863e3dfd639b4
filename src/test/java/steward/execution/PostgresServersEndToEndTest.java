package steward.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Association;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionFilter;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionTarget;
import software.amazon.awssdk.services.ssm.model.AssociationFilterOperatorType;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionFilterKey;
import software.amazon.awssdk.services.ssm.model.DescribeAssociationExecutionsResponse;
import software.amazon.awssdk.services.ssm.model.ListAssociationsResponse;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.Clients;
import steward.testing.ControlClient;
import steward.testing.PostgresFixture;
import steward.testing.ServerProcess;
import steward.testing.TestServer;

/**
 * Steward on PostgreSQL, through the Java SDK v2: two server processes on one database, each
 * with a data directory of its own, answer alike. What one creates the other reads; listings and
 * the run history page the same on both, with NextTokens of either opening on the other.
 */
class PostgresServersEndToEndTest {
    private final List<Path> dirs = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        dirs.forEach(TestServer::deleteRecursively);
    }

    private ServerProcess server(String database) throws Exception {
        Path dir = Files.createTempDirectory("steward-pg");
        dirs.add(dir);
        ServerProcess server = ServerProcess.start(dir, "--database", database);
        open.add(server);
        return server;
    }

    private SsmClient ssm(ServerProcess server) {
        SsmClient ssm = Clients.ssm(server.endpoint());
        open.add(ssm);
        return ssm;
    }

    private static String create(SsmClient ssm, String name, Target target) {
        return ssm.createAssociation(r -> r.name("AWS-RunShellScript").associationName(name).targets(target)
                .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId();
    }

    @Test
    void associationsAndTheirHistoryReadAndPageAlikeOnEitherServer() throws Exception {
        String database = PostgresFixture.database("two_servers");
        // Both start before anything exists, so neither takes the other's runs for interrupted ones.
        ServerProcess a = server(database);
        ServerProcess b = server(database);
        SsmClient ssmA = ssm(a);
        SsmClient ssmB = ssm(b);
        Fleet fleet = new Fleet(new ControlClient(a.endpoint()), ssmA);
        List<String> nodes = fleet.nodes(3, "Success", 0);

        List<String> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(create(i % 2 == 0 ? ssmA : ssmB, "pg-" + i, Target.builder().key("tag:none").values("x").build()));
        }
        String runs = create(ssmA, "pg-runs", fleet.target());
        created.add(runs);
        for (String id : created) {
            assertEquals(id, ssmB.describeAssociation(r -> r.associationId(id)).associationDescription().associationId());
            assertEquals(id, ssmA.describeAssociation(r -> r.associationId(id)).associationDescription().associationId());
        }
        assertEquals(created, listAll(ssmA));
        assertEquals(created, listAll(ssmB));
        // Pages taken alternately from the two servers, each continuing the other's NextToken.
        List<String> alternating = new ArrayList<>();
        String token = null;
        int page = 0;
        do {
            String current = token;
            ListAssociationsResponse response = (page++ % 2 == 0 ? ssmA : ssmB)
                    .listAssociations(r -> r.maxResults(2).nextToken(current));
            response.associations().forEach(x -> alternating.add(x.associationId()));
            token = response.nextToken();
        } while (token != null);
        assertEquals(created, alternating);

        ssmB.updateAssociation(r -> r.associationId(runs).associationName("pg-runs").parameters(Map.of("commands",
                List.of("echo v2"))));
        assertEquals(List.of("1", "2"), ssmA.listAssociationVersions(r -> r.associationId(runs)).associationVersions()
                .stream().map(v -> v.associationVersion()).toList());

        for (int i = 0; i < 4; i++) {
            ssmA.startAssociationsOnce(r -> r.associationIds(runs));
            fleet.awaitRuns(runs, 3 + i);
        }
        List<AssociationExecution> historyA = fleet.awaitRuns(runs, 6);
        assertEquals(6, historyA.size(), "the create, the update (run by B), four StartAssociationsOnce: " + historyA);
        List<AssociationExecution> historyB = ssmB.describeAssociationExecutionsPaginator(r -> r.associationId(runs))
                .associationExecutions().stream().toList();
        assertEquals(historyA, historyB);
        for (int i = 1; i < historyB.size(); i++) {
            assertTrue(!historyB.get(i).createdTime().isAfter(historyB.get(i - 1).createdTime()), "newest first");
        }

        List<String> pagedIds = new ArrayList<>();
        token = null;
        page = 0;
        do {
            String current = token;
            DescribeAssociationExecutionsResponse response = (page++ % 2 == 0 ? ssmB : ssmA)
                    .describeAssociationExecutions(r -> r.associationId(runs).maxResults(4).nextToken(current));
            response.associationExecutions().forEach(e -> pagedIds.add(e.executionId()));
            token = response.nextToken();
        } while (token != null);
        assertEquals(historyA.stream().map(AssociationExecution::executionId).toList(), pagedIds);

        AssociationExecution newest = historyB.get(0);
        assertEquals("Success", newest.status(), newest.toString());
        assertEquals(List.of(newest), ssmB.describeAssociationExecutions(r -> r.associationId(runs).filters(
                AssociationExecutionFilter.builder().key(AssociationExecutionFilterKey.EXECUTION_ID)
                        .value(newest.executionId()).type(AssociationFilterOperatorType.EQUAL).build()))
                .associationExecutions());
        List<AssociationExecutionTarget> targets = ssmB.describeAssociationExecutionTargets(r -> r.associationId(runs)
                .executionId(newest.executionId())).associationExecutionTargets();
        assertEquals(nodes.stream().sorted().toList(), targets.stream().map(AssociationExecutionTarget::resourceId).toList(),
                "every node, by resource id");
        assertTrue(targets.stream().allMatch(t -> t.status().equals("Success")), targets.toString());
        assertNotNull(targets.get(0).outputSource());

        ssmA.deleteAssociation(r -> r.associationId(created.get(0)));
        assertEquals(created.subList(1, created.size()), listAll(ssmB));
    }

    private static List<String> listAll(SsmClient ssm) {
        return ssm.listAssociationsPaginator(r -> r.maxResults(3)).associations().stream()
                .map(Association::associationId).toList();
    }
}
