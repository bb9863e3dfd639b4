package steward.compliance;

/**
 * One compliance type across the resources: how many resources are compliant and how many are
 * not, each counted under its overall severity for the type.
 */
public record ComplianceSummary(String complianceType, SeverityCounts compliantResources,
                                SeverityCounts nonCompliantResources) {
}
