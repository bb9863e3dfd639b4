package steward.node.activation;

import java.util.List;

/**
 * DescribeActivations' filters combined: each non-null list holds the values one key may take
 * (any of them), and the keys are combined with AND. Two filters with the same key intersect.
 */
public record ActivationFilter(List<String> activationIds, List<String> defaultInstanceNames, List<String> iamRoles) {
    public static final ActivationFilter NONE = new ActivationFilter(null, null, null);
}
