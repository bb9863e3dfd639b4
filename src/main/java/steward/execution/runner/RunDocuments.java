package steward.execution.runner;

import steward.document.DocumentVersion;
import steward.tenant.Tenant;

/**
 * The document version a run uses: the one its association names ($DEFAULT, $LATEST or a
 * number) at the moment the run starts dispatching, so a later UpdateDocumentDefaultVersion
 * changes the next run, never one under way.
 */
@FunctionalInterface
public interface RunDocuments {
    /** For runners without documents (tests of rate controls): every command carries none. */
    RunDocuments NONE = (tenant, nameOrArn, documentVersion) -> null;

    /** Throws the AWS error (InvalidDocument, InvalidDocumentVersion) when the version is gone. */
    DocumentVersion resolve(Tenant tenant, String nameOrArn, String documentVersion);
}
