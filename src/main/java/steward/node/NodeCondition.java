package steward.node;

import java.util.List;

/**
 * One condition on the nodes of a tenant. A selection is a list of them combined with AND, so
 * target selection and DescribeInstanceInformation's filters become one query however many
 * nodes there are.
 */
public sealed interface NodeCondition {
    /** The node columns a condition may compare. */
    enum Column {
        INSTANCE_ID("instance_id"), AGENT_VERSION("agent_version"), PING_STATUS("ping_status"),
        PLATFORM_TYPE("platform_type");

        final String sql;

        Column(String sql) {
            this.sql = sql;
        }
    }

    /** The column equals one of {@code values}. */
    record In(Column column, List<String> values) implements NodeCondition {
        public In {
            values = List.copyOf(values);
        }
    }

    /** The instance id starts with one of {@code prefixes} ({@code mi-}, {@code i-}). */
    record IdPrefix(List<String> prefixes) implements NodeCondition {
        public IdPrefix {
            prefixes = List.copyOf(prefixes);
        }
    }

    /** The node carries tag {@code key} with one of {@code values}. */
    record TagValue(String key, List<String> values) implements NodeCondition {
        public TagValue {
            values = List.copyOf(values);
        }
    }

    /** The node carries a tag with one of {@code keys}, whatever its value. */
    record TagKey(List<String> keys) implements NodeCondition {
        public TagKey {
            keys = List.copyOf(keys);
        }
    }

    /** The node was registered by an agent through one of {@code activationIds}. */
    record ActivationIn(List<String> activationIds) implements NodeCondition {
        public ActivationIn {
            activationIds = List.copyOf(activationIds);
        }
    }

    /** The node was registered by an agent whose activation named one of {@code iamRoles}. */
    record IamRoleIn(List<String> iamRoles) implements NodeCondition {
        public IamRoleIn {
            iamRoles = List.copyOf(iamRoles);
        }
    }

    /** No node matches: a selector for something Steward does not keep (resource groups). */
    record Nothing() implements NodeCondition {
    }

    NodeCondition NOTHING = new Nothing();
}
