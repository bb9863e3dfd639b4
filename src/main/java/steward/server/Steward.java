package steward.server;

import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import steward.association.AssociationService;
import steward.association.operations.CreateAssociation;
import steward.association.operations.CreateAssociationBatch;
import steward.association.operations.DeleteAssociation;
import steward.association.operations.DescribeAssociation;
import steward.association.operations.ListAssociationVersions;
import steward.association.operations.ListAssociations;
import steward.association.operations.UpdateAssociation;
import steward.auth.AccessKeyAccounts;
import steward.document.DocumentCatalogue;
import steward.document.DocumentOperations;
import steward.paging.PageTokens;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;
import steward.protocol.AwsJsonDispatcher;
import steward.protocol.Operation;
import steward.protocol.ServiceModel;
import steward.storage.Database;
import steward.storage.sql.SqlAssociationStore;
import steward.storage.sql.SqlTagStore;
import steward.storage.sqlite.SqliteDatabase;
import steward.tagging.TagOperations;
import steward.tagging.TaggableResources;

/** A running server: the store, the domain services, the operations, and the HTTP listener. */
public final class Steward implements AutoCloseable {
    private final Database database;
    private final HttpServer http;

    private Steward(Database database, HttpServer http) {
        this.database = database;
        this.http = http;
    }

    public static Steward start(ServerConfig config) throws InterruptedException {
        Database database = new SqliteDatabase(config.dataDir());
        try {
            PageTokens tokens = new PageTokens(TokenKey.load(config.dataDir()));
            InstantSource clock = InstantSource.system();
            DocumentCatalogue documents = DocumentCatalogue.builtIn();
            AssociationService associations = new AssociationService(new SqlAssociationStore(database),
                    documents::checkAssociation, clock, config.associationLimit());
            TaggableResources taggable = new TaggableResources();
            taggable.register("Association", (tenant, id) -> associations.find(tenant, id).isPresent());

            List<Operation> operations = new ArrayList<>(List.of(
                    new CreateAssociation(associations),
                    new CreateAssociationBatch(associations),
                    new DescribeAssociation(associations),
                    new UpdateAssociation(associations),
                    new DeleteAssociation(associations),
                    new ListAssociations(associations, tokens),
                    new ListAssociationVersions(associations, tokens)));
            operations.addAll(TagOperations.operations(taggable, new SqlTagStore(database)));
            operations.addAll(DocumentOperations.operations(documents, tokens));

            AwsJsonDispatcher aws = new AwsJsonDispatcher(ServiceModel.load(), new AccessKeyAccounts(), operations);
            HttpServer http = new HttpServer(config.host(), config.port(), request -> route(aws, request));
            return new Steward(database, http);
        } catch (RuntimeException | InterruptedException e) {
            database.close();
            throw e;
        }
    }

    private static ApiResponse route(AwsJsonDispatcher aws, ApiRequest request) {
        return aws.dispatch(request);
    }

    public InetSocketAddress address() {
        return http.address();
    }

    @Override
    public void close() {
        http.close();
        database.close();
    }
}
