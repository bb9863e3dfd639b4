package steward.compliance;

/** Whether an item, or a resource for a compliance type, is compliant. */
public enum ComplianceStatus {
    COMPLIANT, NON_COMPLIANT;

    public static boolean isValid(String name) {
        return COMPLIANT.name().equals(name) || NON_COMPLIANT.name().equals(name);
    }
}
