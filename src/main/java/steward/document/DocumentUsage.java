package steward.document;

import java.util.List;
import steward.tenant.Tenant;

/**
 * Which associations of a tenant use a document, as the DocumentVersion each names ($DEFAULT,
 * $LATEST or a number): DeleteDocument refuses while any does.
 */
@FunctionalInterface
public interface DocumentUsage {
    DocumentUsage NONE = (tenant, name) -> List.of();

    List<String> versionsInUse(Tenant tenant, String documentName);
}
