package steward.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything one account can see through the API, as one JSON document: its associations (each
 * described, with its versions, tags, runs and each run's targets), its documents (each version's
 * description and content, shares and tags), its nodes (with tags and the per-node association
 * views), its compliance items and summaries, and through the control API its nodes and alarms.
 * Two snapshots are equal exactly when nothing visible changed in between.
 */
final class StoreSnapshot {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FuzzClient client;
    private final String accessKey;
    private final List<String> alarmNames;

    StoreSnapshot(FuzzClient client, String accessKey, List<String> alarmNames) {
        this.client = client;
        this.accessKey = accessKey;
        this.alarmNames = alarmNames;
    }

    ObjectNode take() throws FuzzClient.NoAnswer {
        ObjectNode snapshot = JSON.createObjectNode();
        ArrayNode associations = pages("ListAssociations", JSON.createObjectNode().put("MaxResults", 50), "Associations");
        snapshot.set("ListAssociations", associations);
        for (JsonNode association : associations) {
            String id = association.path("AssociationId").asText();
            ObjectNode byId = JSON.createObjectNode().put("AssociationId", id);
            snapshot.set("DescribeAssociation " + id, call("DescribeAssociation", byId));
            snapshot.set("ListAssociationVersions " + id, pages("ListAssociationVersions", byId.deepCopy().put("MaxResults", 50),
                    "AssociationVersions"));
            snapshot.set("ListTagsForResource Association " + id, call("ListTagsForResource",
                    JSON.createObjectNode().put("ResourceType", "Association").put("ResourceId", id)));
            ArrayNode executions = pages("DescribeAssociationExecutions", byId.deepCopy().put("MaxResults", 50),
                    "AssociationExecutions");
            snapshot.set("DescribeAssociationExecutions " + id, executions);
            for (JsonNode execution : executions) {
                String executionId = execution.path("ExecutionId").asText();
                snapshot.set("DescribeAssociationExecutionTargets " + id + " " + executionId, pages(
                        "DescribeAssociationExecutionTargets", byId.deepCopy().put("ExecutionId", executionId).put("MaxResults", 50),
                        "AssociationExecutionTargets"));
            }
        }
        ArrayNode commandIds = JSON.createArrayNode();
        pages("ListCommands", JSON.createObjectNode().put("MaxResults", 50), "Commands")
                .forEach(command -> commandIds.add(command.path("CommandId").asText()));
        // Ids only: a command accepted earlier may still be running, and its status is not this test's concern.
        snapshot.set("ListCommands", commandIds);
        ArrayNode nodes = pages("DescribeInstanceInformation", JSON.createObjectNode().put("MaxResults", 50),
                "InstanceInformationList");
        snapshot.set("DescribeInstanceInformation", nodes);
        for (JsonNode node : nodes) {
            String id = node.path("InstanceId").asText();
            snapshot.set("ListTagsForResource ManagedInstance " + id, call("ListTagsForResource",
                    JSON.createObjectNode().put("ResourceType", "ManagedInstance").put("ResourceId", id)));
            snapshot.set("DescribeInstanceAssociationsStatus " + id, pages("DescribeInstanceAssociationsStatus",
                    JSON.createObjectNode().put("InstanceId", id).put("MaxResults", 50), "InstanceAssociationStatusInfos"));
            snapshot.set("DescribeEffectiveInstanceAssociations " + id, pages("DescribeEffectiveInstanceAssociations",
                    JSON.createObjectNode().put("InstanceId", id).put("MaxResults", 5), "Associations"));
        }
        snapshot.set("ListComplianceItems", pages("ListComplianceItems", JSON.createObjectNode().put("MaxResults", 50),
                "ComplianceItems"));
        snapshot.set("ListResourceComplianceSummaries", pages("ListResourceComplianceSummaries",
                JSON.createObjectNode().put("MaxResults", 50), "ResourceComplianceSummaryItems"));
        snapshot.set("ListComplianceSummaries", pages("ListComplianceSummaries", JSON.createObjectNode().put("MaxResults", 50),
                "ComplianceSummaryItems"));
        // Its own documents only: another account may rightly make one public, which this account then sees.
        ObjectNode own = JSON.createObjectNode().put("MaxResults", 50);
        own.putArray("Filters").addObject().put("Key", "Owner").putArray("Values").add("Self");
        ArrayNode documents = pages("ListDocuments", own, "DocumentIdentifiers");
        snapshot.set("ListDocuments", documents);
        for (JsonNode document : documents) {
            String name = document.path("Name").asText();
            ObjectNode byName = JSON.createObjectNode().put("Name", name);
            snapshot.set("DescribeDocument " + name, call("DescribeDocument", byName));
            snapshot.set("ListDocumentVersions " + name, pages("ListDocumentVersions", byName.deepCopy().put("MaxResults", 50),
                    "DocumentVersions"));
            for (JsonNode version : snapshot.get("ListDocumentVersions " + name)) {
                String number = version.path("DocumentVersion").asText();
                snapshot.set("GetDocument " + name + " " + number, call("GetDocument",
                        byName.deepCopy().put("DocumentVersion", number)));
            }
            snapshot.set("DescribeDocumentPermission " + name, call("DescribeDocumentPermission",
                    byName.deepCopy().put("PermissionType", "Share")));
            snapshot.set("ListTagsForResource Document " + name, call("ListTagsForResource",
                    JSON.createObjectNode().put("ResourceType", "Document").put("ResourceId", name)));
        }
        snapshot.set("DescribeActivations", pages("DescribeActivations", JSON.createObjectNode().put("MaxResults", 50),
                "ActivationList"));
        snapshot.set("GET /_steward/nodes", control("/_steward/nodes"));
        for (String alarm : alarmNames) {
            snapshot.set("GET /_steward/alarms/" + alarm, control("/_steward/alarms/" + alarm));
        }
        return snapshot;
    }

    private ArrayNode pages(String operation, ObjectNode request, String itemsMember) throws FuzzClient.NoAnswer {
        ArrayNode items = JSON.createArrayNode();
        ObjectNode page = request.deepCopy();
        for (int n = 0; n < 10_000; n++) {
            JsonNode answer = call(operation, page);
            answer.path(itemsMember).forEach(items::add);
            String next = answer.path("NextToken").asText(null);
            if (next == null || next.isEmpty()) {
                return items;
            }
            page.put("NextToken", next);
        }
        throw new AssertionError(operation + " never stops paging");
    }

    private JsonNode call(String operation, ObjectNode request) throws FuzzClient.NoAnswer {
        byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
        FuzzClient.Answer answer = client.send(new FuzzClient.Request("POST", "/", "AmazonSSM." + operation, body,
                SsmCases.CONTENT_TYPE, accessKey, FuzzClient.Auth.PROPER, Map.of()));
        return ok(operation + " " + request, answer);
    }

    private JsonNode control(String path) throws FuzzClient.NoAnswer {
        FuzzClient.Answer answer = client.send(new FuzzClient.Request("GET", path, null, new byte[0], null, accessKey,
                FuzzClient.Auth.PROPER, Map.of()));
        return ok("GET " + path, answer);
    }

    private static JsonNode ok(String what, FuzzClient.Answer answer) {
        if (answer.status() != 200) {
            throw new AssertionError("snapshot call " + what + " answered " + answer.status() + ": " + answer.text());
        }
        try {
            JsonNode json = JSON.readTree(answer.body());
            if (json instanceof ObjectNode object) {
                object.remove("NextToken");
            }
            return json;
        } catch (IOException e) {
            throw new AssertionError("snapshot call " + what + " answered no JSON: " + answer.text(), e);
        }
    }

    /** Where two snapshots differ, path by path (at most {@code limit}). */
    static List<String> differences(JsonNode before, JsonNode after, int limit) {
        List<String> out = new ArrayList<>();
        diff("", before, after, out::add, limit, out);
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, Consumer<String> out, int limit, List<String> sink) {
        if (sink.size() >= limit || a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!b.has(name)) {
                    out.accept(path + "/" + name + " disappeared: " + abbreviate(a.get(name)));
                } else {
                    diff(path + "/" + name, a.get(name), b.get(name), out, limit, sink);
                }
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!a.has(name)) {
                    out.accept(path + "/" + name + " appeared: " + abbreviate(b.get(name)));
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(path + "[" + i + "]", a.get(i), b.get(i), out, limit, sink);
            }
        } else {
            out.accept(path + ": " + abbreviate(a) + " -> " + abbreviate(b));
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
