package steward.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationVersionInfo;
import software.amazon.awssdk.services.ssm.model.ListAssociationsResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.TestServer;

/** Pages that neither skip nor repeat, tokens that end, and tokens that cannot be reused elsewhere. */
class AssociationPaginationEndToEndTest {
    private static final int ASSOCIATIONS = 23;
    private static final int VERSIONS = 17;
    private static TestServer server;
    private static SsmClient ssm;
    private static final List<String> created = new ArrayList<>();
    private static String versioned;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ssm = server.client();
        for (int i = 0; i < ASSOCIATIONS; i++) {
            created.add(ssm.createAssociation(r -> r.name("AWS-RunShellScript")
                    .targets(Target.builder().key("InstanceIds").values("*").build())
                    .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId());
        }
        versioned = created.get(0);
        for (int i = 2; i <= VERSIONS; i++) {
            ssm.updateAssociation(r -> r.associationId(versioned).parameters(Map.of("commands", List.of("echo"))));
        }
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    @Test
    void paginatorVisitsEveryAssociationOnceInCreationOrder() {
        for (int pageSize = 1; pageSize <= 7; pageSize++) {
            int size = pageSize;
            List<String> seen = new ArrayList<>();
            Set<String> tokens = new HashSet<>();
            int pages = 0;
            for (ListAssociationsResponse page : ssm.listAssociationsPaginator(r -> r.maxResults(size))) {
                pages++;
                page.associations().forEach(a -> seen.add(a.associationId()));
                if (page.nextToken() != null) {
                    assertEquals(true, tokens.add(page.nextToken()), "a token is never repeated");
                } else {
                    assertEquals(size >= ASSOCIATIONS || seen.size() == ASSOCIATIONS, true);
                }
            }
            assertEquals(created, seen, "page size " + size);
            assertEquals((ASSOCIATIONS + size - 1) / size, pages, "no empty trailing page, page size " + size);
        }
    }

    @Test
    void lastPageHasNoToken() {
        ListAssociationsResponse all = ssm.listAssociations(r -> r.maxResults(50));
        assertEquals(ASSOCIATIONS, all.associations().size());
        assertNull(all.nextToken());
        assertEquals(VERSIONS + "", all.associations().get(0).associationVersion());
    }

    @Test
    void versionsPageOldestFirst() {
        List<String> versions = new ArrayList<>();
        ssm.listAssociationVersionsPaginator(r -> r.associationId(versioned).maxResults(4)).associationVersions()
                .forEach(v -> versions.add(v.associationVersion()));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= VERSIONS; i++) {
            expected.add(Integer.toString(i));
        }
        assertEquals(expected, versions);
        List<AssociationVersionInfo> single = ssm.listAssociationVersions(r -> r.associationId(created.get(1))).associationVersions();
        assertEquals(1, single.size());
    }

    @Test
    void tokenFromAnotherFilterAssociationOrAccountIsInvalid() {
        String token = ssm.listAssociations(r -> r.maxResults(2)).nextToken();
        assertEquals("InvalidNextToken", code(() -> ssm.listAssociations(r -> r.nextToken(token).associationFilterList(
                f -> f.key("Name").value("AWS-RunShellScript")))));
        assertEquals("InvalidNextToken", code(() -> ssm.listAssociations(r -> r.nextToken(token + "x"))));
        assertEquals("InvalidNextToken", code(() -> ssm.listAssociations(r -> r.nextToken("garbage"))));
        try (SsmClient other = server.client("111122223333", TestServer.REGION)) {
            assertEquals("InvalidNextToken", code(() -> other.listAssociations(r -> r.nextToken(token))));
        }
        String versionToken = ssm.listAssociationVersions(r -> r.associationId(versioned).maxResults(2)).nextToken();
        assertEquals("InvalidNextToken", code(() -> ssm.listAssociationVersions(r -> r.associationId(created.get(1))
                .nextToken(versionToken))));
        assertEquals("InvalidNextToken", code(() -> ssm.listAssociations(r -> r.nextToken(versionToken))));
        assertNotEquals(token, ssm.listAssociations(r -> r.maxResults(2).nextToken(token)).nextToken());
    }

    private static String code(Runnable call) {
        return assertThrows(SsmException.class, call::run).awsErrorDetails().errorCode();
    }
}
