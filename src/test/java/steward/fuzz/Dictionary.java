package steward.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Strings that mean something to one account's data (its association and execution ids, its
 * nodes, document names, filter keys, schedules), by the shape they fill, so that generated
 * requests reach past "not found" into the operations. Ids seen in successful answers are learned
 * as the fuzzing goes (the latest {@value #CAP} per shape, since deletes make old ones stale).
 */
final class Dictionary {
    private static final int CAP = 200;
    /** Answer members whose values are learned, and the input shapes they fill. */
    private static final Map<String, List<String>> LEARNED = Map.of(
            "AssociationId", List.of("AssociationId"),
            "ExecutionId", List.of("AssociationExecutionId"),
            "InstanceId", List.of("InstanceId"),
            "CommandId", List.of("CommandId"),
            "AssociationName", List.of("AssociationName"),
            "AssociationVersion", List.of("AssociationVersion"),
            // Document names (and the documents' names in association answers), so updates reach created documents.
            "Name", List.of("DocumentName"),
            "NextToken", List.of("NextToken"));

    private final Map<String, List<String>> byShape = new ConcurrentHashMap<>();
    private final List<String> general = new CopyOnWriteArrayList<>();
    private final boolean learning;

    Dictionary(boolean learning) {
        this.learning = learning;
        add("DocumentARN", "AWS-RunShellScript", "AWS-RunPowerShellScript", "AWS-UpdateSSMAgent",
                "AWS-GatherSoftwareInventory", "AWS-ConfigureAWSPackage", "AWS-RunPatchBaseline", "AWS-NoSuchDocument",
                "arn:aws:ssm:us-east-1::document/AWS-RunShellScript");
        add("DocumentName", "AWS-RunShellScript", "AWS-RunPatchBaseline");
        add("DocumentVersion", "$LATEST", "$DEFAULT", "1", "2");
        add("AssociationVersion", "$LATEST", "1", "2", "3");
        add("ScheduleExpression", "rate(30 minutes)", "rate(1 day)", "rate(2 hours)", "cron(0 0 12 ? * MON *)",
                "cron(0 */2 * * ? *)", "at(2199-01-01T00:00:00)", "rate(1 minutes)", "cron(61 0 * * ? *)", "rate(0 days)",
                "cron(0 0 L * ? *)", "cron(0 0 ? * 6#3 *)", "cron(0 0 15W * ? *)");
        add("TargetKey", "InstanceIds", "tag:env", "tag-key", "resource-groups:Name", "ResourceGroup", "tag:fuzz");
        add("TargetValue", "*", "demo", "env", "fuzz", "mi-0123456789abcdef0");
        add("MaxConcurrency", "1", "10%", "100%", "50");
        add("MaxErrors", "0", "1", "10%", "100%");
        add("ResourceTypeForTagging", "Association", "ManagedInstance", "Document");
        add("ParameterName", "commands", "workingDirectory", "executionTimeout", "action", "Operation");
        add("ParameterValue", "echo fuzz", "3600", "Install", "Scan", "/tmp");
        add("AssociationFilterKey", "InstanceId", "Name", "AssociationId", "AssociationStatusName", "LastExecutedBefore",
                "LastExecutedAfter", "AssociationName", "ResourceGroupName");
        add("AssociationFilterValue", "2024-05-07T00:00:00Z", "AWS-RunShellScript", "Success", "Failed", "Pending");
        add("AssociationExecutionFilterKey", "ExecutionId", "Status", "CreatedTime");
        add("AssociationExecutionFilterValue", "Success", "Failed", "InProgress", "2024-05-07T00:00:00Z",
                "2024-05-07T00:00:00.123Z");
        add("AssociationExecutionTargetsFilterKey", "Status", "ResourceId", "ResourceType");
        add("AssociationExecutionTargetsFilterValue", "Success", "Failed", "ManagedInstance", "EC2Instance");
        add("InstanceInformationFilterValue", "Online", "Linux", "Windows", "ManagedInstance", "EC2Instance");
        add("InstanceInformationStringFilterKey", "InstanceIds", "PingStatus", "PlatformTypes", "ResourceType",
                "AssociationStatus", "tag:env", "tag-key", "AgentVersion", "IamRole", "ActivationIds");
        add("TagKey", "env", "fuzz", "Name", "aws:reserved");
        add("TagValue", "demo", "", "fuzz value");
        add("StatusMessage", "fuzz", "");
        add("DocumentFilterValue", "AWS-RunShellScript", "Amazon", "Self", "Linux", "Command");
        add("DocumentKeyValuesFilterKey", "Owner", "PlatformTypes", "DocumentType", "SearchKeyword", "Name");
        add("DocumentKeyValuesFilterValue", "Amazon", "Self", "Linux", "Windows", "Command", "RunShell");
        general.addAll(List.of("", " ", "null", "0", "-1", "$LATEST", "*", "AWS-RunShellScript", "i-0123456789abcdef0",
                "mi-0123456789abcdef0", "00000000-0000-0000-0000-000000000000", "%s%n", "../../etc/passwd",
                "' OR '1'='1", "\"); DROP TABLE associations; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}"));
    }

    Dictionary add(String shape, String... values) {
        List<String> list = byShape.computeIfAbsent(shape, s -> new CopyOnWriteArrayList<>());
        for (String v : values) {
            if (!list.contains(v)) {
                list.add(v);
            }
        }
        return this;
    }

    List<String> values(String shape) {
        return byShape.getOrDefault(shape, List.of());
    }

    Optional<String> pick(String shape, Random random) {
        List<String> values = values(shape);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(random.nextInt(values.size())));
    }

    String anyString(Random random) {
        List<String> pool = new ArrayList<>(general);
        if (random.nextBoolean()) {
            byShape.values().forEach(pool::addAll);
        }
        return pool.get(random.nextInt(pool.size()));
    }

    /** Learns ids from a successful answer. */
    void learn(JsonNode answer) {
        if (!learning || answer == null) {
            return;
        }
        walk(answer, 0);
    }

    /** Keeps the latest {@value #CAP} values per shape: once full, a new value replaces a random older one. */
    private synchronized void remember(String shape, String value) {
        List<String> list = byShape.computeIfAbsent(shape, s -> new CopyOnWriteArrayList<>());
        if (list.contains(value)) {
            return;
        }
        if (list.size() < CAP) {
            list.add(value);
        } else {
            list.set(Math.floorMod(value.hashCode(), CAP), value);
        }
    }

    private void walk(JsonNode node, int depth) {
        if (depth > 8) {
            return;
        }
        if (node.isObject()) {
            if (node.path("AssociationId").isTextual() && node.path("ExecutionId").isTextual()) {
                remember(PAIR, node.get("AssociationId").textValue() + " " + node.get("ExecutionId").textValue());
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                List<String> shapes = LEARNED.get(e.getKey());
                if (shapes != null && e.getValue().isTextual()) {
                    for (String shape : shapes) {
                        remember(shape, e.getValue().textValue());
                    }
                } else {
                    walk(e.getValue(), depth + 1);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < Math.min(node.size(), 20); i++) {
                walk(node.get(i), depth + 1);
            }
        }
    }

    /** "associationId executionId" of runs seen, for requests that need both to match. */
    static final String PAIR = "association+execution";

    static final Set<String> ID_SHAPES = Set.of("AssociationId", "AssociationExecutionId", "InstanceId");
}
