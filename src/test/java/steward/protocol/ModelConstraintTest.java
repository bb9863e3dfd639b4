package steward.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static steward.protocol.ModelProbeReferences.ASSOCIATION_ID;
import static steward.protocol.ModelProbeReferences.CONTENT;
import static steward.protocol.ModelProbeReferences.COMMAND_ID;
import static steward.protocol.ModelProbeReferences.CREATE;
import static steward.protocol.ModelProbeReferences.DOCUMENT;
import static steward.protocol.ModelProbeReferences.EXECUTION_ID;
import static steward.protocol.ModelProbeReferences.FRESH_INSTANCE_ID;
import static steward.protocol.ModelProbeReferences.INSTANCE_ID;
import static steward.protocol.ModelProbeReferences.NEW_DOCUMENT;
import static steward.protocol.ModelProbeReferences.RUN_ASSOCIATION_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import steward.protocol.ModelProbeGenerator.Constraint;
import steward.protocol.ModelProbeGenerator.Probe;
import steward.testing.SignedHttp;
import steward.testing.SignedHttp.Response;
import steward.testing.TestServer;

/**
 * The SSM model is the law: for every operation Steward implements, every constrained member of
 * the input shape is probed once with a value the model forbids (which must come back as a
 * ValidationException naming the member path and the constraint) and once or more with the
 * boundary value the model allows, which must be answered 200. Each probe mutates one member of
 * a valid base request, and every base request must itself be answered 200.
 *
 * <p>A boundary value the model allows may still break a rule of the domain that the model does
 * not express (an id that is well-formed but names nothing, a schedule expression of the right
 * length that is not a schedule). Such a probe is accepted with a domain error only when it is
 * listed in {@link ModelProbeTolerances} with the reason, and only with an error the operation declares;
 * and at least {@link #REQUIRED_OK_SHARE} of all boundary probes must be answered 200, so the
 * list cannot grow to swallow the test.
 */
class ModelConstraintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "/steward/protocol/ssm-2014-11-06.json.gz";
    private static final Pattern MODEL_MESSAGE = Pattern.compile("^[1-9][0-9]* validation errors? detected: .*", Pattern.DOTALL);
    private static final double REQUIRED_COVERAGE = 0.70;
    /** The share of boundary probes that must be answered 200 (see {@link ModelProbeTolerances} for the rest). */
    private static final double REQUIRED_OK_SHARE = 0.75;

    /** The operations Steward must implement: the first 13, and the documents users write. */
    private static final List<String> REQUIRED_OPERATIONS = List.of("CreateAssociation", "CreateAssociationBatch",
            "DescribeAssociation", "UpdateAssociation", "DeleteAssociation", "ListAssociations", "ListAssociationVersions",
            "AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource", "DescribeDocument", "GetDocument",
            "ListDocuments", "CreateDocument", "UpdateDocument", "DeleteDocument", "ListDocumentVersions",
            "UpdateDocumentDefaultVersion", "ModifyDocumentPermission", "DescribeDocumentPermission");

    /** A valid request per operation; operations not listed start from the model's minimal input. */
    private static final Map<String, String> BASES = Map.ofEntries(
            Map.entry("CreateAssociation", CREATE),
            Map.entry("CreateAssociationBatch", "{\"Entries\":[" + CREATE + "]}"),
            Map.entry("DescribeAssociation", "{\"AssociationId\":\"" + ASSOCIATION_ID + "\"}"),
            // An update replaces the definition, so it carries the document's required parameter again.
            Map.entry("UpdateAssociation", "{\"AssociationId\":\"" + ASSOCIATION_ID
                    + "\",\"Parameters\":{\"commands\":[\"echo\"]}}"),
            Map.entry("DeleteAssociation", "{\"AssociationId\":\"" + ASSOCIATION_ID + "\"}"),
            // A timestamp-shaped filter value, so that every filter key (LastExecutedBefore too) is a valid boundary.
            Map.entry("ListAssociations", "{\"AssociationFilterList\":[{\"key\":\"AssociationName\",\"value\":\"2024-05-07T00:00:00Z\"}]}"),
            Map.entry("ListAssociationVersions", "{\"AssociationId\":\"" + ASSOCIATION_ID + "\"}"),
            Map.entry("AddTagsToResource", "{\"ResourceType\":\"Association\",\"ResourceId\":\"" + ASSOCIATION_ID
                    + "\",\"Tags\":[{\"Key\":\"probe\",\"Value\":\"value\"}]}"),
            Map.entry("RemoveTagsFromResource", "{\"ResourceType\":\"Association\",\"ResourceId\":\"" + ASSOCIATION_ID
                    + "\",\"TagKeys\":[\"probe\"]}"),
            Map.entry("ListTagsForResource", "{\"ResourceType\":\"Association\",\"ResourceId\":\"" + ASSOCIATION_ID + "\"}"),
            Map.entry("DescribeDocument", "{\"Name\":\"AWS-RunShellScript\"}"),
            // Activations and the agents' own operations: real activations, a real key, a real node.
            Map.entry("DescribeActivations", "{\"Filters\":[{\"FilterKey\":\"IamRole\",\"FilterValues\":[\"ProbeRole\"]}]}"),
            Map.entry("DeleteActivation", "{\"ActivationId\":\"" + ModelProbeReferences.ACTIVATION_ID + "\"}"),
            Map.entry("DeregisterManagedInstance", "{\"InstanceId\":\"" + FRESH_INSTANCE_ID + "\"}"),
            Map.entry("RegisterManagedInstance", "{\"ActivationId\":\"" + ModelProbeReferences.ACTIVATION_ID
                    + "\",\"ActivationCode\":\"" + ModelProbeReferences.ACTIVATION_CODE + "\",\"PublicKey\":\""
                    + ModelProbeReferences.PUBLIC_KEY + "\",\"PublicKeyType\":\"Rsa\",\"Fingerprint\":\"probe\"}"),
            Map.entry("UpdateInstanceInformation", "{\"InstanceId\":\"" + INSTANCE_ID + "\"}"),
            Map.entry("ListInstanceAssociations", "{\"InstanceId\":\"" + INSTANCE_ID + "\"}"),
            Map.entry("UpdateInstanceAssociationStatus", "{\"AssociationId\":\"" + ASSOCIATION_ID
                    + "\",\"InstanceId\":\"mi-0123456789abcdef0\",\"ExecutionResult\":{\"Status\":\"Success\","
                    + "\"ErrorCode\":\"\",\"ExecutionDate\":1700000000,\"ExecutionSummary\":\"probe\"}}"),
            Map.entry("GetDocument", "{\"Name\":\"AWS-RunShellScript\"}"),
            // Filters with a key that exists, so that probes of the values reach the values.
            Map.entry("ListDocuments", "{\"Filters\":[{\"Key\":\"Name\",\"Values\":[\"AWS-\"]}]}"),
            Map.entry("DescribeInstanceInformation", "{\"Filters\":[{\"Key\":\"tag-key\",\"Values\":[\"probe\"]}]}"),
            // A filter that is valid as it stands, so that probes of one of its members keep the others valid.
            Map.entry("DescribeAssociationExecutions", "{\"AssociationId\":\"" + ASSOCIATION_ID
                    + "\",\"Filters\":[{\"Key\":\"Status\",\"Value\":\"Success\",\"Type\":\"EQUAL\"}]}"),
            Map.entry("DescribeAssociationExecutionTargets", "{\"AssociationId\":\"" + RUN_ASSOCIATION_ID
                    + "\",\"ExecutionId\":\"" + EXECUTION_ID + "\",\"Filters\":[{\"Key\":\"Status\",\"Value\":\"Success\"}]}"),
            Map.entry("StartAssociationsOnce", "{\"AssociationIds\":[\"" + ASSOCIATION_ID + "\"]}"),
            Map.entry("DescribeEffectiveInstanceAssociations", "{\"InstanceId\":\"" + INSTANCE_ID + "\"}"),
            Map.entry("DescribeInstanceAssociationsStatus", "{\"InstanceId\":\"" + INSTANCE_ID + "\"}"),
            // A node of its own per probe: a second update to the same status is StatusUnchanged.
            Map.entry("UpdateAssociationStatus", "{\"Name\":\"AWS-RunShellScript\",\"InstanceId\":\"" + FRESH_INSTANCE_ID
                    + "\",\"AssociationStatus\":{\"Date\":1700000000,\"Name\":\"Success\",\"Message\":\"probe\"}}"),
            // A node of the node account, so that boundary values reach the store.
            Map.entry("PutComplianceItems", "{\"ResourceId\":\"" + INSTANCE_ID + "\",\"ResourceType\":\"ManagedInstance\","
                    + "\"ComplianceType\":\"Custom:Probe\",\"ExecutionSummary\":{\"ExecutionTime\":1700000000},"
                    + "\"Items\":[{\"Id\":\"probe\",\"Severity\":\"LOW\",\"Status\":\"COMPLIANT\"}]}"),
            Map.entry("ListComplianceItems", "{\"ResourceIds\":[\"" + INSTANCE_ID + "\"],\"ResourceTypes\":[\"ManagedInstance\"],"
                    + "\"Filters\":[{\"Key\":\"ComplianceType\",\"Values\":[\"Custom:Probe\"],\"Type\":\"EQUAL\"}]}"),
            Map.entry("ListResourceComplianceSummaries", "{\"Filters\":[{\"Key\":\"ComplianceType\","
                    + "\"Values\":[\"Custom:Probe\"],\"Type\":\"EQUAL\"}]}"),
            Map.entry("ListComplianceSummaries", "{\"Filters\":[{\"Key\":\"ComplianceType\",\"Values\":[\"Custom:Probe\"],"
                    + "\"Type\":\"EQUAL\"}]}"),
            Map.entry("CreateDocument", "{\"Name\":\"" + NEW_DOCUMENT + "\",\"Content\":\"" + CONTENT.formatted("one") + "\"}"),
            Map.entry("UpdateDocument", "{\"Name\":\"" + DOCUMENT + "\",\"DocumentVersion\":\"$LATEST\",\"Content\":\""
                    + CONTENT.formatted("two") + "\"}"),
            Map.entry("DeleteDocument", "{\"Name\":\"" + DOCUMENT + "\"}"),
            Map.entry("ListDocumentVersions", "{\"Name\":\"" + DOCUMENT + "\"}"),
            Map.entry("UpdateDocumentDefaultVersion", "{\"Name\":\"" + DOCUMENT + "\",\"DocumentVersion\":\"1\"}"),
            Map.entry("ModifyDocumentPermission", "{\"Name\":\"" + DOCUMENT + "\",\"PermissionType\":\"Share\","
                    + "\"AccountIdsToAdd\":[\"123456789012\"]}"),
            Map.entry("DescribeDocumentPermission", "{\"Name\":\"" + DOCUMENT + "\",\"PermissionType\":\"Share\"}"),
            // Run Command on the node account's shared node; probes of Targets drop InstanceIds (see EXCLUDES).
            Map.entry("SendCommand", "{\"DocumentName\":\"AWS-RunShellScript\",\"InstanceIds\":[\"" + INSTANCE_ID
                    + "\"],\"Parameters\":{\"commands\":[\"echo\"]}}"),
            Map.entry("CancelCommand", "{\"CommandId\":\"" + COMMAND_ID + "\"}"),
            Map.entry("GetCommandInvocation", "{\"CommandId\":\"" + COMMAND_ID + "\",\"InstanceId\":\"" + INSTANCE_ID
                    + "\"}"),
            // A DocumentName filter takes any value, so probes of the value reach the listing.
            Map.entry("ListCommands", "{\"CommandId\":\"" + COMMAND_ID + "\",\"Filters\":[{\"key\":\"DocumentName\","
                    + "\"value\":\"AWS-RunShellScript\"}]}"),
            Map.entry("ListCommandInvocations", "{\"CommandId\":\"" + COMMAND_ID + "\",\"Details\":true,"
                    + "\"Filters\":[{\"key\":\"DocumentName\",\"value\":\"AWS-RunShellScript\"}]}"));

    /**
     * Boundary probes that get a ValidationException which is not a model-constraint one but a
     * deliberate domain rule of Steward's (not in AWS's model message form), keyed by probe name.
     */
    private static final Map<String, String> DOMAIN_VALIDATION = Map.of(
            // The model allows 1,000 tags in a TagList; a resource carries at most 50 (AWS's tag quota), and
            // CreateDocument declares no tag error of its own.
            "CreateDocument tags size=max", "A document can have at most 50 tags.",
            // TEXT is only for documents written as text; the built-in ones are JSON (see GetDocumentTest). AWS
            // answers the mirror case the same way: "ValidationException ... GetDocument operation: Invalid
            // document format JSON" for a TEXT document (prowler-cloud/prowler#2146).
            "GetDocument documentFormat enum=TEXT", "Invalid document format TEXT");

    /** Members that exclude another member of the base: a probe that sets the first drops the second. */
    private static final Map<String, String> EXCLUDES = Map.of("TargetMaps", "Targets", "InstanceId", "Targets",
            "InstanceInformationFilterList", "Filters", "Targets", "InstanceIds");

    private static TestServer server;
    private static SignedHttp http;
    private static JsonNode model;
    private static ModelProbeGenerator generator;
    private static List<String> implemented;
    private static final Map<String, Constraint> COVERAGE = new TreeMap<>();
    private static final Map<String, int[]> PROBES = new TreeMap<>();
    /** Boundary probes answered 200, and those answered with a tolerated error (probe: error, why). */
    private static final List<String> BOUNDARY_OK = new ArrayList<>();
    private static final Map<String, String> BOUNDARY_TOLERATED = new TreeMap<>();
    private static ModelProbeReferences references;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = new SignedHttp(server.endpoint());
        references = new ModelProbeReferences(server.endpoint(), http);
        model = loadModel();
        generator = new ModelProbeGenerator(model);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (!PROBES.isEmpty()) {
            System.out.println(summary());
        }
    }

    @Test
    void implementedOperationsIncludeTheRequiredOnes() {
        List<String> found = implementedOperations();
        assertTrue(found.containsAll(REQUIRED_OPERATIONS), "implemented: " + found);
    }

    @TestFactory
    Stream<DynamicNode> modelConstraints() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (String operation : implementedOperations()) {
            String inputShape = model.get("operations").get(operation).path("input").path("shape").asText(null);
            if (inputShape == null) {
                continue;
            }
            ObjectNode base = BASES.containsKey(operation) ? (ObjectNode) read(BASES.get(operation))
                    : (ObjectNode) generator.minimal(inputShape);
            List<Probe> probes = generator.probes(operation, inputShape, base, COVERAGE);
            int[] counts = PROBES.computeIfAbsent(operation, o -> new int[2]);
            String baseName = operation + " base request is accepted";
            nodes.add(DynamicTest.dynamicTest(baseName, () -> named(baseName, () -> assertOk(send(operation, base)))));
            for (Probe probe : probes) {
                counts[probe.violation() ? 0 : 1]++;
                nodes.add(DynamicTest.dynamicTest(probe.name(), () -> named(probe.name(), () -> run(probe, base))));
            }
        }
        nodes.add(DynamicTest.dynamicTest("at least 70% of constraints get a violating and a boundary probe", () -> {
            long covered = COVERAGE.values().stream().filter(Constraint::covered).count();
            assertTrue(covered >= REQUIRED_COVERAGE * COVERAGE.size(), summary());
        }));
        nodes.add(DynamicTest.dynamicTest("at least 75% of boundary probes are answered 200", () -> {
            int answered = BOUNDARY_OK.size() + BOUNDARY_TOLERATED.size();
            assertTrue(answered > 0, "no boundary probe ran");
            assertTrue(BOUNDARY_OK.size() >= REQUIRED_OK_SHARE * answered, BOUNDARY_OK.size() + " of " + answered
                    + " boundary probes answered 200; tolerated: " + BOUNDARY_TOLERATED);
        }));
        return nodes.stream();
    }

    /** Surefire reports dynamic tests by index; put the probe's name in front of any failure. */
    private static void named(String name, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }

    private static void run(Probe probe, ObjectNode base) {
        ObjectNode body = probe.mutation().applyTo(withoutConflicts(base, probe.mutation()), generator::minimal);
        Response response = send(probe.operation(), body);
        if (probe.violation()) {
            assertEquals(400, response.status(), response.body());
            JsonNode error = read(response.body());
            assertEquals("ValidationException", error.path("__type").asText(), response.body());
            String message = error.path("Message").asText();
            assertTrue(MODEL_MESSAGE.matcher(message).matches(), "not in AWS's validation message form: " + message);
            assertTrue(message.contains(probe.expected()), "expected «" + probe.expected() + "» in «" + message + "»");
            if (probe.single()) {
                assertTrue(message.startsWith("1 validation error detected: "), "expected exactly one violation: " + message);
            }
            if (probe.exact() != null) {
                assertEquals("1 validation error detected: " + probe.exact(), message);
            }
        } else {
            assertAccepted(probe.name(), probe.operation(), response);
        }
    }

    /**
     * Members that exclude another of the base (TargetMaps and the legacy InstanceId exclude
     * Targets, the legacy InstanceInformationFilterList excludes Filters): when a probe sets one,
     * the other beside it is dropped, so that boundary values reach the checks behind the
     * exclusivity rule.
     */
    private static ObjectNode withoutConflicts(ObjectNode base, ModelProbeMutation mutation) {
        ObjectNode copy = base.deepCopy();
        JsonNode container = copy;
        for (ModelProbeMutation.Step step : mutation.location()) {
            if (step.kind() == ModelProbeMutation.Kind.FIELD && EXCLUDES.containsKey(step.name())
                    && container instanceof ObjectNode object) {
                object.remove(EXCLUDES.get(step.name()));
                break;
            }
            container = step.kind() == ModelProbeMutation.Kind.INDEX ? container.get(step.index()) : container.get(step.name());
            if (container == null) {
                break;
            }
        }
        return copy;
    }

    /** A base request: 200, and for a batch no entry failed. */
    private static void assertOk(Response response) {
        assertEquals(200, response.status(), response.body());
        assertTrue(read(response.body()).path("Failed").isEmpty(), "batch entries failed: " + response.body());
    }

    /** Boundary values must be answered 200, or with a declared domain error this probe is listed as tolerating. */
    private static void assertAccepted(String name, String operation, Response response) {
        String probe = name.substring(operation.length() + 1);
        if (response.status() == 200) {
            // CreateAssociationBatch reports entries one by one: a failed entry is a domain error in a 200.
            JsonNode failures = read(response.body()).path("Failed");
            for (JsonNode failed : failures) {
                assertEquals("Client", failed.path("Fault").asText(), "batch entry failed, and not for the client's input: " + failed);
            }
            if (!failures.isEmpty()) {
                String why = ModelProbeTolerances.why(operation, probe, ModelProbeTolerances.FAILED_ENTRY)
                        .orElseThrow(() -> new AssertionError("a value the model allows failed the batch entry ("
                                + failures + "); if that is right, list the probe in ModelProbeTolerances with the reason"));
                tolerate(name, ModelProbeTolerances.FAILED_ENTRY, why);
                return;
            }
            synchronized (BOUNDARY_OK) {
                BOUNDARY_OK.add(name);
            }
            return;
        }
        JsonNode error = read(response.body());
        String type = error.path("__type").asText();
        String message = error.path("Message").asText();
        if ("ValidationException".equals(type) && message.equals(DOMAIN_VALIDATION.get(name))) {
            tolerate(name, type, "a domain rule of Steward's: " + message);
            return;
        }
        if ("ValidationException".equals(type)) {
            assertTrue(!message.contains("failed to satisfy constraint"), "boundary value rejected by the model's rules: " + message);
        } else {
            List<String> declared = new ArrayList<>();
            model.get("operations").get(operation).path("errors").forEach(e -> declared.add(e.get("shape").asText()));
            assertTrue(declared.contains(type), operation + " answered " + type + " (" + message
                    + "), which is not among its declared errors " + declared);
        }
        String why = ModelProbeTolerances.why(operation, probe, type)
                .orElseThrow(() -> new AssertionError("a value the model allows was answered " + type + " (" + message
                        + ") instead of 200; if that is right, list the probe in ModelProbeTolerances with the reason"));
        tolerate(name, type, why);
    }

    private static synchronized void tolerate(String name, String type, String why) {
        BOUNDARY_TOLERATED.put(name, type + ": " + why);
    }

    private static Response send(String operation, ObjectNode body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json = references.resolve(json);
        Response response = ModelProbeReferences.inNodeAccount(BASES.getOrDefault(operation, ""))
                ? http.call(operation, json, ModelProbeReferences.NODE_ACCOUNT) : http.call(operation, json);
        if (Boolean.getBoolean("steward.modelProbe.trace")) {
            System.out.println("TRACE " + operation + " " + abbreviate(json) + "\n   -> " + response.status() + " " + abbreviate(response.body()));
        }
        assertEnvelope(response);
        return response;
    }

    /** Never a server fault; every client error names its type in the body and the header alike. */
    private static void assertEnvelope(Response response) {
        assertTrue(response.status() < 500, "server fault " + response.status() + ": " + response.body());
        if (response.status() >= 400) {
            JsonNode error = read(response.body());
            assertNotNull(error.get("__type"), response.body());
            assertEquals(error.get("__type").asText(), response.header("X-Amzn-ErrorType"), response.body());
        }
    }

    /** Every model operation sent with {}: anything but UnknownOperationException means implemented. */
    private static synchronized List<String> implementedOperations() {
        if (implemented == null) {
            List<String> found = new ArrayList<>();
            for (Iterator<String> it = model.get("operations").fieldNames(); it.hasNext(); ) {
                String operation = it.next();
                Response response = http.call(operation, "{}");
                assertEnvelope(response);
                if (response.status() == 200 || !"UnknownOperationException".equals(read(response.body()).path("__type").asText())) {
                    found.add(operation);
                }
            }
            implemented = List.copyOf(new TreeSet<>(found));
        }
        return implemented;
    }

    private static String summary() {
        StringBuilder out = new StringBuilder("Model constraint probes per operation (violations / boundaries):\n");
        Map<String, int[]> constraints = new LinkedHashMap<>();
        List<String> skips = new ArrayList<>();
        for (Constraint c : COVERAGE.values()) {
            String operation = c.id.substring(0, c.id.indexOf(' '));
            int[] n = constraints.computeIfAbsent(operation, o -> new int[3]);
            n[0]++;
            if (c.covered()) {
                n[1]++;
            }
            n[2] += c.skips.size();
            c.skips.forEach(s -> skips.add(c.id + ": " + s));
        }
        int[] total = new int[5];
        PROBES.forEach((operation, n) -> {
            int[] c = constraints.getOrDefault(operation, new int[3]);
            out.append(String.format("  %-26s %4d / %4d   constraints %3d, fully covered %3d, skips %d%n",
                    operation, n[0], n[1], c[0], c[1], c[2]));
            total[0] += n[0];
            total[1] += n[1];
            total[2] += c[0];
            total[3] += c[1];
            total[4] += c[2];
        });
        out.append(String.format("  %-26s %4d / %4d   constraints %3d, fully covered %3d (%.1f%%), skips %d%n",
                "TOTAL", total[0], total[1], total[2], total[3], total[2] == 0 ? 0 : 100.0 * total[3] / total[2], total[4]));
        out.append(String.format("Boundary probes answered 200: %d; with a tolerated domain error: %d%n",
                BOUNDARY_OK.size(), BOUNDARY_TOLERATED.size()));
        BOUNDARY_TOLERATED.forEach((probe, why) -> out.append("  ").append(probe).append(" -> ").append(why).append('\n'));
        out.append("Skipped probes:\n");
        skips.forEach(s -> out.append("  ").append(s).append('\n'));
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "...(" + text.length() + " chars)";
    }

    private static JsonNode loadModel() {
        try (InputStream in = ModelConstraintTest.class.getResourceAsStream(MODEL)) {
            assertNotNull(in, "missing " + MODEL);
            return AgentOperations.merge(JSON.readTree(new GZIPInputStream(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            fail("not JSON: " + json);
            return null;
        }
    }
}
