package steward.association;

import java.util.List;
import java.util.Map;

/**
 * What an association needs to know of documents: that the named version exists and accepts
 * these parameters. Throws InvalidDocument, InvalidDocumentVersion or InvalidParameters.
 */
public interface DocumentRules {
    void check(String documentName, String documentVersion, Map<String, List<String>> parameters);
}
