package steward.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import steward.document.DocumentAuthoring.Draft;
import steward.document.DocumentService.Ownership;
import steward.document.DocumentService.Visible;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.tenant.Tenant;

/** What a name, an ARN and a version selector mean for a tenant: the rules every caller of resolve relies on. */
class DocumentServiceTest {
    private static final DocumentService documents = DocumentOperationTesting.SERVICES.documents();
    private static final DocumentAuthoring authoring = DocumentOperationTesting.SERVICES.authoring();
    private static final Tenant OWNER = new Tenant("300000000001", "us-east-1");
    private static final Tenant FRIEND = new Tenant("300000000002", "us-east-1");
    private static final Tenant STRANGER = new Tenant("300000000003", "us-east-1");
    private static final Tenant OWNER_ELSEWHERE = new Tenant("300000000001", "eu-west-1");
    private static final String ARN = "arn:aws:ssm:us-east-1:300000000001:document/Resolved";

    private static String content(String echo) {
        return "{\"schemaVersion\":\"2.2\",\"mainSteps\":[{\"action\":\"aws:runShellScript\",\"name\":\"s\","
                + "\"inputs\":{\"runCommand\":[\"echo " + echo + "\"]}}]}";
    }

    @BeforeAll
    static void documents() {
        authoring.create(OWNER, "Resolved", new Draft(content("1"), null, null, "one", null, null, null), List.of());
        authoring.update(OWNER, "Resolved", null, new Draft(content("2"), null, null, "two", null, null, null));
        authoring.update(OWNER, "Resolved", "$LATEST", new Draft(content("3"), null, null, null, null, null, null));
        authoring.setDefaultVersion(OWNER, "Resolved", "2");
        authoring.create(OWNER, "Open", new Draft(content("open"), null, null, null, null, null, null), List.of());
        authoring.share(OWNER, "Open", List.of("All", FRIEND.accountId()), List.of(), null);
        authoring.share(OWNER, "Resolved", List.of(FRIEND.accountId()), List.of(), "$LATEST");
    }

    private static String code(Runnable call) {
        return assertThrows(SsmException.class, call::run).code();
    }

    @Test
    void selectorsNameTheDefaultTheLatestANumberOrAVersionName() {
        assertEquals(2, documents.resolve(OWNER, "Resolved", null).version());
        assertEquals(2, documents.resolve(OWNER, "Resolved", "$DEFAULT").version());
        assertEquals(3, documents.resolve(OWNER, "Resolved", "$LATEST").version());
        assertEquals(1, documents.resolve(OWNER, "Resolved", "1").version());
        assertEquals(1, documents.view(OWNER, "Resolved", null, "one").version().version());
        assertEquals(2, documents.view(OWNER, "Resolved", "2", "two").version().version());
        assertEquals(ErrorCodes.INVALID_DOCUMENT_VERSION, code(() -> documents.view(OWNER, "Resolved", "1", "two")));
        assertEquals(ErrorCodes.INVALID_DOCUMENT_VERSION, code(() -> documents.resolve(OWNER, "Resolved", "4")));
        assertEquals(content("1"), documents.resolve(OWNER, "Resolved", "1").content());
        assertEquals(DocumentContent.sha256(content("1")), documents.resolve(OWNER, "Resolved", "1").hash());
    }

    @Test
    void arnsReachTheOwnersDocumentOnlyWhereTheShareAllows() {
        assertEquals(3, documents.resolve(OWNER, ARN, "$LATEST").version(), "an owner may use its own ARN");
        assertEquals(ErrorCodes.INVALID_DOCUMENT_VERSION, code(() -> documents.resolve(FRIEND, ARN, null)),
                "shared for $LATEST: the default version isn't");
        assertEquals(3, documents.resolve(FRIEND, ARN, "$LATEST").version());
        assertEquals(ErrorCodes.INVALID_DOCUMENT_VERSION, code(() -> documents.resolve(FRIEND, ARN, "1")));
        assertEquals(ErrorCodes.INVALID_DOCUMENT, code(() -> documents.resolve(FRIEND, "Resolved", "$LATEST")));
        assertEquals(ErrorCodes.INVALID_DOCUMENT, code(() -> documents.resolve(STRANGER, ARN, "$LATEST")));
        assertEquals(ErrorCodes.INVALID_DOCUMENT, code(() -> documents.resolve(OWNER_ELSEWHERE, ARN, null)));
        assertEquals(ErrorCodes.INVALID_DOCUMENT, code(() -> documents.resolve(OWNER_ELSEWHERE, "Resolved", null)));
        assertEquals("open", documents.resolve(STRANGER, "arn:aws:ssm:us-east-1:300000000001:document/Open", null)
                .steps().get(0).inputs().get("runCommand").get(0).asText().substring(5));
    }

    @Test
    void amazonDocumentsAnswerToTheirNameAndArnEverywhere() {
        DocumentVersion shell = documents.resolve(STRANGER, "AWS-RunShellScript", "$LATEST");
        assertTrue(shell.ownedByAmazon());
        assertEquals(shell, documents.resolve(OWNER_ELSEWHERE, "arn:aws:ssm:eu-west-1::document/AWS-RunShellScript", "1"));
        assertEquals(ErrorCodes.INVALID_DOCUMENT_VERSION, code(() -> documents.resolve(STRANGER, "AWS-RunShellScript", "2")));
    }

    @Test
    void visibleDocumentsCarryWhyTheCallerSeesThem() {
        Map<String, Visible> byName = documents.visible(FRIEND).stream()
                .collect(Collectors.toMap(Visible::shownName, v -> v));
        Visible open = byName.get("arn:aws:ssm:us-east-1:300000000001:document/Open");
        assertEquals(Ownership.PRIVATE, open.ownership(), "shared by name and with everyone: private, and public");
        assertTrue(open.isPublic());
        assertEquals(Ownership.PRIVATE, byName.get(ARN).ownership());
        assertEquals(Ownership.AMAZON, byName.get("AWS-RunShellScript").ownership());
        Map<String, Visible> strangers = documents.visible(STRANGER).stream()
                .collect(Collectors.toMap(Visible::shownName, v -> v));
        assertEquals(Ownership.PUBLIC, strangers.get("arn:aws:ssm:us-east-1:300000000001:document/Open").ownership());
        assertTrue(!strangers.containsKey(ARN));
        Map<String, Visible> own = documents.visible(OWNER).stream().collect(Collectors.toMap(Visible::shownName, v -> v));
        assertEquals(Ownership.SELF, own.get("Open").ownership());
        assertTrue(own.get("Open").isPublic());
    }
}
