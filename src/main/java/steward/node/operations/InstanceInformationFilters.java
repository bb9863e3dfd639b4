package steward.node.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.node.NodeCondition;
import steward.node.NodeCondition.Column;
import steward.node.NodeService;
import steward.node.Platforms;

/**
 * DescribeInstanceInformation's two filter lists as node conditions, combined with AND. The
 * legacy InstanceInformationFilterList (members {@code key}/{@code valueSet}) and Filters
 * ({@code Key}/{@code Values}, which adds tags and source filters) can't be used together, as
 * the model's documentation says. Keys for things Steward's nodes do not have (activations,
 * IAM roles, association status) are accepted and match nothing, consistent with the output,
 * which carries none of them.
 */
final class InstanceInformationFilters {
    static final String INVALID_VALUE = "InvalidInstanceInformationFilterValue";
    private static final List<String> PING_STATUSES = List.of("Online", "ConnectionLost", "Inactive");
    private static final List<String> RESOURCE_TYPES = List.of("EC2Instance", "ManagedInstance");
    private static final List<String> ASSOCIATION_STATUSES = List.of("Success", "Pending", "Failed");
    private static final Map<String, List<String>> SOURCE_TYPE_PREFIXES = Map.of(
            "AWS::EC2::Instance", List.of("i-"),
            "AWS::SSM::ManagedInstance", List.of("mi-"),
            "AWS::IoT::Thing", List.of());

    /** The conditions, and a canonical text of the filters for binding page tokens to them. */
    record Parsed(List<NodeCondition> conditions, String binding) {
    }

    private InstanceInformationFilters() {
    }

    static Parsed parse(JsonNode input) {
        JsonNode legacy = input.path("InstanceInformationFilterList");
        JsonNode filters = input.path("Filters");
        if (legacy.size() > 0 && filters.size() > 0) {
            throw new SsmException(INVALID_VALUE, "InstanceInformationFilterList and Filters can't be used together; "
                    + "use Filters.");
        }
        boolean stringFilters = filters.size() > 0;
        JsonNode list = stringFilters ? filters : legacy;
        List<NodeCondition> conditions = new ArrayList<>();
        TreeSet<String> canonical = new TreeSet<>();
        for (JsonNode filter : list) {
            String key = filter.path(stringFilters ? "Key" : "key").asText();
            List<String> values = new ArrayList<>();
            filter.path(stringFilters ? "Values" : "valueSet").forEach(v -> values.add(v.asText()));
            conditions.add(condition(key, values, stringFilters));
            canonical.add(key + "\u001f" + String.join("\u001e", new TreeSet<>(values)));
        }
        return new Parsed(conditions, (stringFilters ? "Filters" : "InstanceInformationFilterList") + "\u001d"
                + String.join("\u001d", canonical));
    }

    private static NodeCondition condition(String key, List<String> values, boolean stringFilter) {
        switch (key) {
            case "InstanceIds" -> {
                for (String id : values) {
                    if (!NodeService.validInstanceId(id)) {
                        throw new SsmException(ErrorCodes.INVALID_INSTANCE_ID, "The instance ID '" + id + "' is not valid.");
                    }
                }
                return new NodeCondition.In(Column.INSTANCE_ID, values);
            }
            case "AgentVersion" -> {
                return new NodeCondition.In(Column.AGENT_VERSION, values);
            }
            case "PingStatus" -> {
                return new NodeCondition.In(Column.PING_STATUS, allowed(key, values, PING_STATUSES));
            }
            case "PlatformTypes" -> {
                return new NodeCondition.In(Column.PLATFORM_TYPE, allowed(key, values, Platforms.TYPES));
            }
            case "ResourceType" -> {
                if (values.size() != 1) {
                    throw new SsmException(INVALID_VALUE, "ResourceType filter may contain only one value.");
                }
                allowed(key, values, RESOURCE_TYPES);
                return new NodeCondition.IdPrefix(List.of(values.get(0).equals("EC2Instance") ? "i-" : "mi-"));
            }
            case "AssociationStatus" -> {
                allowed(key, values, ASSOCIATION_STATUSES);
                return NodeCondition.NOTHING;
            }
            case "ActivationIds" -> {
                return new NodeCondition.ActivationIn(values);
            }
            case "IamRole" -> {
                return new NodeCondition.IamRoleIn(values);
            }
            default -> {
                if (stringFilter) {
                    return stringOnly(key, values);
                }
                throw invalidKey(key);
            }
        }
    }

    /** Keys that only the newer Filters list knows. */
    private static NodeCondition stringOnly(String key, List<String> values) {
        switch (key) {
            case "PlatformType" -> {
                return new NodeCondition.In(Column.PLATFORM_TYPE, allowed(key, values, Platforms.TYPES));
            }
            case "SourceIds" -> {
                return new NodeCondition.In(Column.INSTANCE_ID, values);
            }
            case "SourceTypes" -> {
                allowed(key, values, List.copyOf(new TreeSet<>(SOURCE_TYPE_PREFIXES.keySet())));
                return new NodeCondition.IdPrefix(values.stream().flatMap(v -> SOURCE_TYPE_PREFIXES.get(v).stream())
                        .distinct().toList());
            }
            case "tag-key" -> {
                return new NodeCondition.TagKey(values);
            }
            default -> {
                if (key.startsWith("tag:") && key.length() > "tag:".length()) {
                    return new NodeCondition.TagValue(key.substring("tag:".length()), values);
                }
                throw invalidKey(key);
            }
        }
    }

    private static List<String> allowed(String key, List<String> values, List<String> valid) {
        for (String value : values) {
            if (!valid.contains(value)) {
                throw new SsmException(INVALID_VALUE, key + " filter is invalid, valid values are "
                        + String.join(", ", valid));
            }
        }
        return values;
    }

    private static SsmException invalidKey(String key) {
        return new SsmException(ErrorCodes.INVALID_FILTER_KEY, "The filter key " + key + " is not valid.");
    }
}
