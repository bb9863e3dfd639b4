package steward.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.document.DocumentAuthoring.Draft;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.storage.Database;
import steward.storage.sql.SqlDocumentStore;
import steward.storage.sql.SqlTagStore;
import steward.storage.sqlite.SqliteDatabase;
import steward.tenant.Tenant;

/** The quotas, at sizes a test can reach: the service passes its limits to the store and answers AWS's errors. */
class DocumentAuthoringTest {
    private static final Tenant TENANT = new Tenant("400000000001", "us-east-1");
    private Database database;
    private DocumentAuthoring authoring;

    @BeforeEach
    void open() throws IOException {
        database = new SqliteDatabase(Files.createTempDirectory("steward-authoring"));
        SqlDocumentStore store = new SqlDocumentStore(database);
        DocumentService documents = new DocumentService(store, new SqlTagStore(database), DocumentCatalogue.builtIn());
        authoring = new DocumentAuthoring(store, documents, DocumentUsage.NONE, InstantSource.system(), 2, 3);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static Draft draft(String echo) {
        return new Draft("{\"schemaVersion\":\"2.2\",\"mainSteps\":[{\"action\":\"aws:runShellScript\",\"name\":\"s\","
                + "\"inputs\":{\"runCommand\":[\"echo " + echo + "\"]}}]}", null, null, null, null, null, null);
    }

    @Test
    void versionQuotaAnswersDocumentVersionLimitExceeded() {
        authoring.create(TENANT, "Doc", draft("1"), List.of());
        authoring.update(TENANT, "Doc", null, draft("2"));
        authoring.update(TENANT, "Doc", "$LATEST", draft("3"));
        SsmException e = assertThrows(SsmException.class, () -> authoring.update(TENANT, "Doc", null, draft("4")));
        assertEquals(ErrorCodes.DOCUMENT_VERSION_LIMIT_EXCEEDED, e.code());
        assertEquals("Document Doc has 3 versions, the most a document can have. Delete one or more document versions "
                + "and try again.", e.getMessage());
        authoring.delete(TENANT, "Doc", "2", null, false);
        assertEquals(4, authoring.update(TENANT, "Doc", null, draft("4")).version().version());
    }

    @Test
    void documentQuotaAnswersDocumentLimitExceeded() {
        authoring.create(TENANT, "One", draft("1"), List.of());
        authoring.create(TENANT, "Two", draft("2"), List.of());
        SsmException e = assertThrows(SsmException.class, () -> authoring.create(TENANT, "Three", draft("3"), List.of()));
        assertEquals(ErrorCodes.DOCUMENT_LIMIT_EXCEEDED, e.code());
        authoring.create(new Tenant("400000000002", "us-east-1"), "Three", draft("3"), List.of());
    }

    @Test
    void awsQuotasAreTheDefaults() {
        assertEquals(500, DocumentAuthoring.MAX_DOCUMENTS);
        assertEquals(1_000, DocumentAuthoring.MAX_VERSIONS);
        assertEquals(64 * 1024, DocumentAuthoring.MAX_CONTENT_BYTES);
    }
}
