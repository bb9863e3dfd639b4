package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.document.DocumentContent;
import steward.document.DocumentHead;
import steward.document.DocumentVersion;
import steward.storage.DocumentStore.AppendOutcome;
import steward.storage.DocumentStore.CreateOutcome;
import steward.storage.DocumentStore.DeleteVersionOutcome;
import steward.storage.DocumentStore.Permission;
import steward.storage.DocumentStore.ShareOutcome;
import steward.storage.sql.SqlDocumentStore;
import steward.storage.sql.SqlTagStore;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/**
 * What every DocumentStore must do, whatever database is under it: tenants never see each
 * other's documents, limits hold in the transaction that would break them, the latest version
 * only moves forward from the version the writer read, and deletes leave nothing behind.
 */
public abstract class DocumentStoreContract {
    protected static final Tenant OWNER = new Tenant("111111111111", "eu-west-1");
    private static final Tenant OTHER_ACCOUNT = new Tenant("222222222222", "eu-west-1");
    private static final Tenant OTHER_REGION = new Tenant("111111111111", "us-east-1");
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private Database database;
    private DocumentStore store;
    private TagStore tags;

    protected abstract Database openDatabase();

    @BeforeEach
    void open() {
        database = openDatabase();
        store = new SqlDocumentStore(database);
        tags = new SqlTagStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static DocumentVersion version(Tenant owner, String name, int number, String versionName, String text) {
        String content = "{\"schemaVersion\":\"2.2\",\"description\":\"" + text + "\",\"mainSteps\":[{\"action\":"
                + "\"aws:runShellScript\",\"name\":\"run\",\"inputs\":{\"runCommand\":[\"echo\"]}}]}";
        return new DocumentVersion(owner.accountId(), owner.region(), name, number, versionName, "Display " + number,
                "Command", "JSON", "/AWS::EC2::Instance", content, DocumentContent.sha256(content),
                T0.plusSeconds(number), null, DocumentContent.read("JSON", content));
    }

    @Test
    void createdDocumentReadsBackWithEveryMember() {
        assertEquals(CreateOutcome.CREATED, store.create(OWNER, version(OWNER, "Doc", 1, "v1", "one"),
                List.of(new Tag("team", "ops")), 10));
        DocumentHead head = store.find(OWNER, "Doc").orElseThrow();
        assertEquals(new DocumentHead("111111111111", "eu-west-1", "Doc", "Command", T0.plusSeconds(1), 1, 1), head);
        DocumentVersion read = store.findVersion(OWNER, "Doc", 1).orElseThrow();
        assertEquals(version(OWNER, "Doc", 1, "v1", "one"), read);
        assertEquals(read, store.findVersionByName(OWNER, "Doc", "v1").orElseThrow());
        assertEquals(List.of(new Tag("team", "ops")), tags.list(OWNER, "Document", "Doc"));
    }

    @Test
    void tenantsNeverSeeEachOthersDocuments() {
        store.create(OWNER, version(OWNER, "Doc", 1, null, "one"), List.of(), 10);
        assertTrue(store.find(OTHER_ACCOUNT, "Doc").isEmpty());
        assertTrue(store.find(OTHER_REGION, "Doc").isEmpty());
        assertTrue(store.findVersion(OTHER_ACCOUNT, "Doc", 1).isEmpty());
        assertEquals(List.of(), store.list(OTHER_ACCOUNT));
        assertEquals(CreateOutcome.CREATED, store.create(OTHER_ACCOUNT, version(OTHER_ACCOUNT, "Doc", 1, null, "x"),
                List.of(), 10));
        assertEquals(1, store.list(OWNER).size());
    }

    @Test
    void secondDocumentOfTheSameNameAndTheLimitAreRefused() {
        store.create(OWNER, version(OWNER, "A", 1, null, "a"), List.of(), 2);
        assertEquals(CreateOutcome.ALREADY_EXISTS, store.create(OWNER, version(OWNER, "A", 1, null, "b"), List.of(), 2));
        assertEquals(CreateOutcome.CREATED, store.create(OWNER, version(OWNER, "B", 1, null, "b"), List.of(), 2));
        assertEquals(CreateOutcome.LIMIT_EXCEEDED, store.create(OWNER, version(OWNER, "C", 1, null, "c"), List.of(), 2));
        assertEquals(List.of("A", "B"), store.list(OWNER).stream().map(DocumentHead::name).toList());
    }

    @Test
    void versionsAppendOnlyOnTheLatestWithUniqueNamesUnderTheLimit() {
        store.create(OWNER, version(OWNER, "Doc", 1, "first", "one"), List.of(), 10);
        assertEquals(AppendOutcome.NOT_LATEST, store.appendVersion(OWNER, version(OWNER, "Doc", 3, null, "x"), 3));
        assertEquals(AppendOutcome.DUPLICATE_VERSION_NAME,
                store.appendVersion(OWNER, version(OWNER, "Doc", 2, "first", "two"), 3));
        assertEquals(AppendOutcome.APPENDED, store.appendVersion(OWNER, version(OWNER, "Doc", 2, "second", "two"), 3));
        assertEquals(AppendOutcome.APPENDED, store.appendVersion(OWNER, version(OWNER, "Doc", 3, null, "three"), 3));
        assertEquals(AppendOutcome.VERSION_LIMIT_EXCEEDED,
                store.appendVersion(OWNER, version(OWNER, "Doc", 4, null, "four"), 3));
        assertEquals(AppendOutcome.NO_SUCH_DOCUMENT, store.appendVersion(OWNER, version(OWNER, "Nope", 2, null, "x"), 3));
        DocumentHead head = store.find(OWNER, "Doc").orElseThrow();
        assertEquals(3, head.latestVersion());
        assertEquals(1, head.defaultVersion());
        assertEquals(List.of(2, 3), store.listVersions(OWNER, "Doc", 1, 10).stream().map(DocumentVersion::version).toList());
        assertEquals(List.of(1), store.listVersions(OWNER, "Doc", 0, 1).stream().map(DocumentVersion::version).toList());
    }

    @Test
    void concurrentUpdatesFromTheSameLatestAppendExactlyOnce() throws Exception {
        store.create(OWNER, version(OWNER, "Doc", 1, null, "one"), List.of(), 10);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<AppendOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                outcomes.add(threads.submit(() -> store.appendVersion(OWNER, version(OWNER, "Doc", 2, null, "v" + n), 100)));
            }
            int appended = 0;
            for (Future<AppendOutcome> outcome : outcomes) {
                appended += outcome.get() == AppendOutcome.APPENDED ? 1 : 0;
            }
            assertEquals(1, appended);
        } finally {
            threads.shutdown();
        }
        assertEquals(2, store.listVersions(OWNER, "Doc", 0, 10).size());
    }

    @Test
    void defaultVersionMovesOnlyToAVersionThatExistsAndCannotBeDeleted() {
        store.create(OWNER, version(OWNER, "Doc", 1, null, "one"), List.of(), 10);
        store.appendVersion(OWNER, version(OWNER, "Doc", 2, null, "two"), 10);
        assertFalse(store.setDefaultVersion(OWNER, "Doc", 5));
        assertTrue(store.setDefaultVersion(OWNER, "Doc", 2));
        assertEquals(DeleteVersionOutcome.DEFAULT_VERSION, store.deleteVersion(OWNER, "Doc", 2));
        assertEquals(DeleteVersionOutcome.NO_SUCH_VERSION, store.deleteVersion(OWNER, "Doc", 7));
        assertEquals(DeleteVersionOutcome.DELETED, store.deleteVersion(OWNER, "Doc", 1));
        assertTrue(store.findVersion(OWNER, "Doc", 1).isEmpty());
        assertEquals(2, store.find(OWNER, "Doc").orElseThrow().latestVersion());
    }

    @Test
    void deletingTheLatestVersionMakesTheHighestLeftTheLatest() {
        store.create(OWNER, version(OWNER, "Doc", 1, null, "one"), List.of(), 10);
        store.appendVersion(OWNER, version(OWNER, "Doc", 2, "two", "two"), 10);
        assertEquals(DeleteVersionOutcome.DELETED, store.deleteVersion(OWNER, "Doc", 2));
        assertEquals(1, store.find(OWNER, "Doc").orElseThrow().latestVersion());
        assertTrue(store.findVersionByName(OWNER, "Doc", "two").isEmpty());
    }

    @Test
    void deleteRemovesVersionsPermissionsAndTags() {
        store.create(OWNER, version(OWNER, "Doc", 1, null, "one"), List.of(new Tag("k", "v")), 10);
        store.share(OWNER, "Doc", List.of("222222222222"), List.of(), "$DEFAULT", 10, 5);
        assertTrue(store.delete(OWNER, "Doc"));
        assertFalse(store.delete(OWNER, "Doc"));
        assertTrue(store.find(OWNER, "Doc").isEmpty());
        assertEquals(List.of(), store.listVersions(OWNER, "Doc", 0, 10));
        assertEquals(List.of(), store.permissions(OWNER, "Doc"));
        assertEquals(List.of(), tags.list(OWNER, "Document", "Doc"));
        assertEquals(List.of(), store.listSharedWith("222222222222", "eu-west-1"));
        assertEquals(CreateOutcome.CREATED, store.create(OWNER, version(OWNER, "Doc", 1, null, "again"), List.of(), 10));
        assertEquals(1, store.listVersions(OWNER, "Doc", 0, 10).size());
    }

    @Test
    void sharesReachOnlyTheNamedAccountsInTheOwnersRegion() {
        store.create(OWNER, version(OWNER, "Doc", 1, null, "one"), List.of(), 10);
        store.create(OWNER, version(OWNER, "Open", 1, null, "one"), List.of(), 10);
        assertEquals(ShareOutcome.SHARED, store.share(OWNER, "Doc", List.of("222222222222", "333333333333"), List.of(),
                "$LATEST", 10, 5));
        assertEquals(ShareOutcome.SHARED, store.share(OWNER, "Open", List.of(DocumentStore.PUBLIC), List.of(), "$DEFAULT",
                10, 5));
        assertEquals(List.of(new Permission("222222222222", "$LATEST"), new Permission("333333333333", "$LATEST")),
                store.permissions(OWNER, "Doc"));
        List<DocumentStore.Shared> shared = store.listSharedWith("222222222222", "eu-west-1");
        assertEquals(List.of("Doc", "Open"), shared.stream().map(s -> s.head().name()).toList());
        assertTrue(shared.get(1).isPublic());
        assertEquals(List.of(), store.listSharedWith("222222222222", "us-east-1"));
        assertEquals(List.of("Open"), store.listSharedWith("444444444444", "eu-west-1").stream()
                .map(s -> s.head().name()).toList());
        assertEquals(List.of(), store.listSharedWith("111111111111", "eu-west-1"), "an owner's own documents are not shared with it");
        store.share(OWNER, "Doc", List.of(), List.of("333333333333"), "$LATEST", 10, 5);
        assertEquals(List.of(new Permission("222222222222", "$LATEST")), store.permissions(OWNER, "Doc"));
        assertEquals(ShareOutcome.NO_SUCH_DOCUMENT, store.share(OWNER, "Nope", List.of("222222222222"), List.of(),
                "$DEFAULT", 10, 5));
    }

    @Test
    void shareLimitsHoldAndChangeNothing() {
        store.create(OWNER, version(OWNER, "Doc", 1, null, "one"), List.of(), 10);
        store.create(OWNER, version(OWNER, "Open", 1, null, "one"), List.of(), 10);
        assertEquals(ShareOutcome.ACCOUNT_LIMIT, store.share(OWNER, "Doc", List.of("222222222222", "333333333333",
                "444444444444"), List.of(), "$DEFAULT", 2, 1));
        assertEquals(List.of(), store.permissions(OWNER, "Doc"));
        assertEquals(ShareOutcome.SHARED, store.share(OWNER, "Doc", List.of("all"), List.of(), "$DEFAULT", 2, 1));
        assertEquals(ShareOutcome.PUBLIC_LIMIT, store.share(OWNER, "Open", List.of("all"), List.of(), "$DEFAULT", 2, 1));
        assertEquals(List.of(), store.permissions(OWNER, "Open"));
        assertEquals(ShareOutcome.SHARED, store.share(OWNER, "Doc", List.of("all"), List.of(), "$ALL", 2, 1),
                "sharing an already public document again is no new public document");
        assertEquals(List.of(new Permission("all", "$ALL")), store.permissions(OWNER, "Doc"));
    }

    @Test
    void requiresAndNullsRoundTrip() {
        DocumentVersion plain = version(OWNER, "Doc", 1, null, "one");
        DocumentVersion bare = new DocumentVersion(plain.owner(), plain.region(), plain.name(), 1, null, null, "Command",
                "JSON", null, plain.content(), plain.hash(), plain.createdDate(),
                steward.protocol.Json.MAPPER.createArrayNode().add(steward.protocol.Json.MAPPER.createObjectNode()
                        .put("Name", "Other")), plain.definition());
        store.create(OWNER, bare, List.of(), 10);
        DocumentVersion read = store.findVersion(OWNER, "Doc", 1).orElseThrow();
        assertNull(read.versionName());
        assertNull(read.targetType());
        assertEquals("Other", read.requires().get(0).get("Name").asText());
    }
}
