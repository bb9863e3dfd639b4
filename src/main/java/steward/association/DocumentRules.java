package steward.association;

import java.util.List;
import java.util.Map;
import steward.tenant.Tenant;

/**
 * What an association needs to know of documents: that the tenant can use the named version,
 * that it runs on nodes, and that it accepts these parameters. Throws InvalidDocument,
 * InvalidDocumentVersion or InvalidParameters.
 */
public interface DocumentRules {
    void check(Tenant tenant, String documentName, String documentVersion, Map<String, List<String>> parameters);
}
