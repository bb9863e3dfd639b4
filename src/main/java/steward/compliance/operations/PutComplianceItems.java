package steward.compliance.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import steward.compliance.ComplianceExecutionSummary;
import steward.compliance.ComplianceItemEntry;
import steward.compliance.ComplianceService;
import steward.compliance.ComplianceUpload;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/**
 * Registers the items of one compliance type on one managed node. COMPLETE (the default)
 * replaces every item of the type on the node; PARTIAL (Association only) replaces the items of
 * the associations it names. An ItemContentHash equal to the last one stored makes the call a
 * no-op, which is how the SSM Agent re-sends an unchanged list as {@code Items: []}.
 */
public final class PutComplianceItems implements Operation {
    record Request(String resourceId, String resourceType, String complianceType,
                   ComplianceExecutionSummary executionSummary, List<ComplianceItemEntry> items, String itemContentHash,
                   String uploadType) {
    }

    private final ComplianceService compliance;

    public PutComplianceItems(ComplianceService compliance) {
        this.compliance = compliance;
    }

    @Override
    public String name() {
        return "PutComplianceItems";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        Request r = Inputs.as(input, Request.class);
        compliance.put(call.tenant(), new ComplianceUpload(r.resourceType(), r.resourceId(), r.complianceType(),
                r.executionSummary(), r.items() == null ? List.of() : r.items(), r.itemContentHash(),
                "PARTIAL".equals(r.uploadType())));
        return null;
    }
}
