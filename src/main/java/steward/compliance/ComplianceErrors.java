package steward.compliance;

import steward.errors.ErrorCodes;
import steward.errors.SsmException;

/** The errors the compliance operations declare in the SSM model, with messages that name what was wrong. */
public final class ComplianceErrors {
    public static final String INVALID_FILTER = "InvalidFilter";
    public static final String INVALID_ITEM_CONTENT = "InvalidItemContentException";
    public static final String ITEM_SIZE_LIMIT_EXCEEDED = "ItemSizeLimitExceededException";
    public static final String TOTAL_SIZE_LIMIT_EXCEEDED = "TotalSizeLimitExceededException";
    public static final String COMPLIANCE_TYPE_COUNT_LIMIT_EXCEEDED = "ComplianceTypeCountLimitExceededException";

    private ComplianceErrors() {
    }

    public static SsmException invalidFilter(String message) {
        return new SsmException(INVALID_FILTER, message);
    }

    public static SsmException invalidItemContent(String message) {
        return new SsmException(INVALID_ITEM_CONTENT, message);
    }

    public static SsmException invalidResourceType(String resourceType) {
        return new SsmException(ErrorCodes.INVALID_RESOURCE_TYPE, "The resource type " + resourceType
                + " is not valid; ManagedInstance is the only supported resource type.");
    }

    public static SsmException invalidResourceId(String resourceId) {
        return new SsmException(ErrorCodes.INVALID_RESOURCE_ID, "The resource ID " + resourceId
                + " is not valid: no managed node of that ID is registered in this account and region.");
    }
}
