package steward.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Requests for the SSM operations (awsJson1_1: POST /, X-Amz-Target AmazonSSM.Op), driven by each
 * operation's input shape in the model, starting where it helps from a hand-written valid request
 * whose ids come from the account's fixtures.
 */
final class SsmCases {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String CREATE = """
            {"Name":"AWS-RunShellScript","Targets":[{"Key":"InstanceIds","Values":["*"]}],"Parameters":{"commands":["echo fuzz"]}}""";
    /** A valid request per operation; {{ASSOC}}, {{NODE}}, {{EXEC}} become ids of the account's data. */
    private static final Map<String, String> TEMPLATES = Map.ofEntries(
            Map.entry("CreateAssociation", CREATE),
            Map.entry("CreateAssociationBatch", "{\"Entries\":[" + CREATE + "]}"),
            Map.entry("DescribeAssociation", "{\"AssociationId\":\"{{ASSOC}}\"}"),
            Map.entry("UpdateAssociation", "{\"AssociationId\":\"{{ASSOC}}\",\"Parameters\":{\"commands\":[\"echo update\"]}}"),
            Map.entry("DeleteAssociation", "{\"AssociationId\":\"{{ASSOC}}\"}"),
            Map.entry("ListAssociationVersions", "{\"AssociationId\":\"{{ASSOC}}\"}"),
            Map.entry("AddTagsToResource", "{\"ResourceType\":\"Association\",\"ResourceId\":\"{{ASSOC}}\","
                    + "\"Tags\":[{\"Key\":\"fuzz\",\"Value\":\"v\"}]}"),
            Map.entry("RemoveTagsFromResource", "{\"ResourceType\":\"Association\",\"ResourceId\":\"{{ASSOC}}\","
                    + "\"TagKeys\":[\"fuzz\"]}"),
            Map.entry("ListTagsForResource", "{\"ResourceType\":\"Association\",\"ResourceId\":\"{{ASSOC}}\"}"),
            Map.entry("DescribeDocument", "{\"Name\":\"AWS-RunShellScript\"}"),
            Map.entry("GetDocument", "{\"Name\":\"AWS-RunShellScript\"}"),
            Map.entry("StartAssociationsOnce", "{\"AssociationIds\":[\"{{ASSOC}}\"]}"),
            Map.entry("DescribeAssociationExecutions", "{\"AssociationId\":\"{{ASSOC}}\"}"),
            Map.entry("DescribeAssociationExecutionTargets", "{\"AssociationId\":\"{{RUN_ASSOC}}\",\"ExecutionId\":\"{{RUN}}\"}"),
            Map.entry("DescribeInstanceAssociationsStatus", "{\"InstanceId\":\"{{NODE}}\"}"),
            Map.entry("DescribeEffectiveInstanceAssociations", "{\"InstanceId\":\"{{NODE}}\"}"),
            Map.entry("PutComplianceItems", "{\"ResourceId\":\"{{NODE}}\",\"ResourceType\":\"ManagedInstance\","
                    + "\"ComplianceType\":\"Custom:Fuzz\",\"ExecutionSummary\":{\"ExecutionTime\":1700000000},"
                    + "\"Items\":[{\"Id\":\"fuzz\",\"Severity\":\"LOW\",\"Status\":\"COMPLIANT\"}]}"),
            Map.entry("ListComplianceItems", "{\"ResourceIds\":[\"{{NODE}}\"],\"Filters\":[{\"Key\":\"ComplianceType\","
                    + "\"Values\":[\"Association\"],\"Type\":\"EQUAL\"}]}"),
            Map.entry("CreateDocument", "{\"Name\":\"{{NEWDOC}}\",\"Content\":\"{{CONTENT}}\",\"DocumentType\":\"Command\","
                    + "\"Tags\":[{\"Key\":\"fuzz\",\"Value\":\"v\"}]}"),
            Map.entry("UpdateDocument", "{\"Name\":\"{{DOC}}\",\"Content\":\"{{CONTENT}}\",\"DocumentVersion\":\"$LATEST\"}"),
            Map.entry("DeleteDocument", "{\"Name\":\"{{DOC}}\"}"),
            Map.entry("ListDocumentVersions", "{\"Name\":\"{{DOC}}\"}"),
            Map.entry("UpdateDocumentDefaultVersion", "{\"Name\":\"{{DOC}}\",\"DocumentVersion\":\"1\"}"),
            Map.entry("ModifyDocumentPermission", "{\"Name\":\"{{DOC}}\",\"PermissionType\":\"Share\","
                    + "\"AccountIdsToAdd\":[\"123456789012\"]}"),
            Map.entry("DescribeDocumentPermission", "{\"Name\":\"{{DOC}}\",\"PermissionType\":\"Share\"}"),
            Map.entry("UpdateAssociationStatus", "{\"Name\":\"AWS-RunShellScript\",\"InstanceId\":\"{{NODE}}\","
                    + "\"AssociationStatus\":{\"Date\":1700000000,\"Name\":\"Success\",\"Message\":\"fuzz\"}}"),
            Map.entry("SendCommand", "{\"DocumentName\":\"AWS-RunShellScript\",\"InstanceIds\":[\"{{NODE}}\"],"
                    + "\"Parameters\":{\"commands\":[\"echo fuzz\"]}}"),
            Map.entry("GetCommandInvocation", "{\"CommandId\":\"{{CMD}}\",\"InstanceId\":\"{{NODE}}\"}"),
            Map.entry("CancelCommand", "{\"CommandId\":\"{{CMD}}\"}"),
            Map.entry("ListCommandInvocations", "{\"CommandId\":\"{{CMD}}\",\"Details\":true}"));
    private static final FuzzClient.Auth[] BAD_AUTH = {FuzzClient.Auth.UNSIGNED, FuzzClient.Auth.WRONG_SECRET,
            FuzzClient.Auth.TAMPERED_SIGNATURE, FuzzClient.Auth.WRONG_SERVICE, FuzzClient.Auth.STALE,
            FuzzClient.Auth.BODY_CHANGED_AFTER_SIGNING, FuzzClient.Auth.GARBAGE_AUTHORIZATION, FuzzClient.Auth.BAD_REGION};

    private final Shapes shapes;
    private final BodyFuzzer bodies;
    private final List<String> unimplemented;

    SsmCases(BodyFuzzer bodies, List<String> unimplemented) {
        this.bodies = bodies;
        this.shapes = bodies.forge().shapes();
        this.unimplemented = unimplemented;
    }

    /** A request the server must refuse, as the given account. */
    FuzzCase invalid(String op, int index, long seed, Dictionary dict, String accessKey) {
        Random r = new Random(seed);
        String shape = shapes.inputShape(op).orElseThrow();
        int roll = r.nextInt(100);
        if (roll < 50) {
            return body(op, index, seed, bodies.violating(shape, base(op, shape, r, dict), r, dict), accessKey);
        }
        if (roll < 58) {
            ObjectNode fresh = bodies.valid(shape, null, r, dict, 0.3);
            return body(op, index, seed, bodies.violating(shape, fresh, r, dict), accessKey);
        }
        if (roll < 72) {
            boolean emptyIsInvalid = !shapes.required(shape).isEmpty();
            return body(op, index, seed, bodies.wire(base(op, shape, r, dict), r, true, emptyIsInvalid), accessKey);
        }
        if (roll < 88) {
            return badAuth(op, index, seed, r, dict, shape, accessKey);
        }
        return badTarget(op, index, seed, r, dict, shape, accessKey);
    }

    /** Anything: valid, boundary, invalid, broken; as the given account. */
    FuzzCase mixed(String op, int index, long seed, Dictionary dict, String accessKey) {
        Random r = new Random(seed);
        String shape = shapes.inputShape(op).orElseThrow();
        int roll = r.nextInt(100);
        if (roll < 25) {
            ObjectNode body = bodies.valid(shape, base(op, shape, r, dict), r, dict, 0.1);
            return body(op, index, seed, new BodyFuzzer.Body(bodies.render(body, r, false), "valid", "template", false),
                    accessKey);
        }
        if (roll < 40) {
            ObjectNode body = bodies.valid(shape, null, r, dict, 0.35);
            return body(op, index, seed, new BodyFuzzer.Body(bodies.render(body, r, false), "boundary", "generated", false),
                    accessKey);
        }
        if (roll < 55) {
            return body(op, index, seed, bodies.violating(shape, base(op, shape, r, dict), r, dict), accessKey);
        }
        if (roll < 70) {
            ObjectNode body = base(op, shape, r, dict);
            List<String> noise = bodies.noise(shape, body, r, dict, 1 + r.nextInt(4));
            return body(op, index, seed, new BodyFuzzer.Body(bodies.render(body, r, false), "noise", String.join("; ", noise),
                    false), accessKey);
        }
        if (roll < 85) {
            return body(op, index, seed, bodies.wire(base(op, shape, r, dict), r, false, !shapes.required(shape).isEmpty()),
                    accessKey);
        }
        if (roll < 90) {
            return badAuth(op, index, seed, r, dict, shape, accessKey);
        }
        if (roll < 95) {
            return badTarget(op, index, seed, r, dict, shape, accessKey);
        }
        return oddHttp(op, index, seed, r, dict, shape, accessKey);
    }

    private FuzzCase body(String op, int index, long seed, BodyFuzzer.Body body, String accessKey) {
        return new FuzzCase(op, index, seed, body.kind(), body.detail(), new FuzzClient.Request("POST", "/", "AmazonSSM." + op,
                body.bytes(), CONTENT_TYPE, accessKey, FuzzClient.Auth.PROPER, Map.of()), body.mustReject());
    }

    private FuzzCase badAuth(String op, int index, long seed, Random r, Dictionary dict, String shape, String accessKey) {
        FuzzClient.Auth auth = BAD_AUTH[r.nextInt(BAD_AUTH.length)];
        byte[] body = bodies.render(bodies.valid(shape, base(op, shape, r, dict), r, dict, 0.1), r, false);
        return new FuzzCase(op, index, seed, "auth", "valid request, " + auth, new FuzzClient.Request("POST", "/",
                "AmazonSSM." + op, body, CONTENT_TYPE, accessKey, auth, Map.of()), true);
    }

    private FuzzCase badTarget(String op, int index, long seed, Random r, Dictionary dict, String shape, String accessKey) {
        String other = unimplemented.isEmpty() ? "GetParameter" : unimplemented.get(r.nextInt(unimplemented.size()));
        String[] targets = {null, "AmazonSSM." + op.toLowerCase(java.util.Locale.ROOT), "AmazonSSM." + op + "X", "AmazonSSM.",
                "AmazonSSM", "", "amazonssm." + op, "AmazonEC2." + op, "AmazonSSM." + other, "AmazonSSM." + op + ".",
                "AmazonSSM.." + op, "AmazonSSM.%s%n", "AmazonSSM." + "A".repeat(2000), "AmazonSSM.__proto__",
                "AmazonSSM.../" + op};
        String target = targets[r.nextInt(targets.length)];
        byte[] body = bodies.render(bodies.valid(shape, base(op, shape, r, dict), r, dict, 0.1), r, false);
        return new FuzzCase(op, index, seed, "target", "valid request, X-Amz-Target " + (target == null ? "missing"
                : FuzzCase.abbreviate(target.getBytes(StandardCharsets.UTF_8))), new FuzzClient.Request("POST", "/", target,
                body, CONTENT_TYPE, accessKey, FuzzClient.Auth.PROPER, Map.of()), true);
    }

    /** Valid bodies sent oddly: another method, content type, query string or extra headers. */
    private FuzzCase oddHttp(String op, int index, long seed, Random r, Dictionary dict, String shape, String accessKey) {
        byte[] body = bodies.render(bodies.valid(shape, base(op, shape, r, dict), r, dict, 0.1), r, false);
        String[] methods = {"POST", "PUT", "PATCH", "DELETE", "GET", "OPTIONS"};
        String method = methods[r.nextInt(methods.length)];
        String[] types = {CONTENT_TYPE, "application/json", "text/plain", "application/x-amz-json-1.0", "", "*/*; charset=utf-16"};
        String[] paths = {"/", "/?Action=" + op, "/?X-Amz-Target=AmazonSSM.DeleteAssociation", "/anything/else", "/./",
                "/?a=%25ZZ", "/%2e%2e/", "/?" + "q=1&".repeat(500)};
        Map<String, String> headers = switch (r.nextInt(4)) {
            case 0 -> Map.of("X-Fuzz", "x".repeat(r.nextInt(12_000)));
            case 1 -> Map.of("X-Amz-Date", "garbage");
            case 2 -> Map.of("Transfer-Encoding-Fuzz", "chunked", "X-Forwarded-For", "127.0.0.1");
            default -> Map.of();
        };
        String path = paths[r.nextInt(paths.length)];
        String type = types[r.nextInt(types.length)];
        return new FuzzCase(op, index, seed, "odd HTTP", method + " " + path + " type " + type + " headers " + headers.keySet(),
                new FuzzClient.Request(method, path, "AmazonSSM." + op, body, type.isEmpty() ? null : type, accessKey,
                        FuzzClient.Auth.PROPER, headers), false);
    }

    /** The operation's template with the account's ids filled in, or a freshly generated valid request. */
    ObjectNode base(String op, String shape, Random r, Dictionary dict) {
        String template = TEMPLATES.get(op);
        if (template == null) {
            return bodies.valid(shape, null, r, dict, 0.1);
        }
        try {
            String[] run = dict.pick(Dictionary.PAIR, r).map(p -> p.split(" ")).orElse(new String[] {"{{ASSOC}}", "{{EXEC}}"});
            ObjectNode node = (ObjectNode) JSON.readTree(template.replace("{{RUN_ASSOC}}", run[0]).replace("{{RUN}}", run[1]));
            fill(node, r, dict);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void fill(JsonNode node, Random r, Dictionary dict) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> {
                if (e.getValue().isTextual()) {
                    e.setValue(TextNode.valueOf(placeholder(e.getValue().textValue(), r, dict)));
                } else {
                    fill(e.getValue(), r, dict);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i,
                            TextNode.valueOf(placeholder(node.get(i).textValue(), r, dict)));
                } else {
                    fill(node.get(i), r, dict);
                }
            }
        }
    }

    private static String placeholder(String text, Random r, Dictionary dict) {
        return switch (text) {
            case "{{ASSOC}}" -> dict.pick("AssociationId", r).orElse(new UUID(r.nextLong(), r.nextLong()).toString());
            case "{{EXEC}}" -> dict.pick("AssociationExecutionId", r).orElse(new UUID(r.nextLong(), r.nextLong()).toString());
            case "{{NODE}}" -> dict.pick("InstanceId", r).orElse("mi-0123456789abcdef0");
            case "{{DOC}}" -> dict.pick("DocumentName", r).orElse("fuzz-doc-0");
            case "{{NEWDOC}}" -> "fuzz-" + Long.toHexString(r.nextLong());
            case "{{CONTENT}}" -> "{\"schemaVersion\":\"2.2\",\"parameters\":{\"x\":{\"type\":\"String\",\"default\":\"\"}},"
                    + "\"mainSteps\":[{\"action\":\"aws:runShellScript\",\"name\":\"s\",\"inputs\":{\"runCommand\":[\"echo "
                    + Long.toHexString(r.nextLong()) + " {{ x }}\"]}}]}";
            case "{{CMD}}" -> dict.pick("CommandId", r).orElse(new UUID(r.nextLong(), r.nextLong()).toString());
            default -> text;
        };
    }
}
