package steward.compliance.operations;

import java.util.List;
import steward.compliance.ComplianceService;
import steward.paging.PageTokens;
import steward.protocol.Operation;

/** The four compliance operations, for the server to register. */
public final class ComplianceOperations {
    private ComplianceOperations() {
    }

    public static List<Operation> operations(ComplianceService compliance, PageTokens tokens) {
        return List.of(new PutComplianceItems(compliance), new ListComplianceItems(compliance, tokens),
                new ListResourceComplianceSummaries(compliance, tokens), new ListComplianceSummaries(compliance, tokens));
    }
}
