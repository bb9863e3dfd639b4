package steward.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import steward.testing.ControlClient;
import steward.testing.SignedHttp;
import steward.testing.SignedHttp.Response;
import steward.testing.TestServer;

/**
 * The placeholders in {@link ModelConstraintTest}'s base requests, and what each stands for on
 * the server under test, made on first use: an association, a run, a managed node. A base that
 * names real things lets a probe of one member reach the checks behind the others.
 */
final class ModelProbeReferences {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Replaced, per probe, by the id of a freshly created association. */
    static final String ASSOCIATION_ID = "{{ASSOCIATION_ID}}";
    /** Replaced by a run of an association and that association's id (one, shared: the probes only read it). */
    static final String EXECUTION_ID = "{{EXECUTION_ID}}";
    static final String RUN_ASSOCIATION_ID = "{{RUN_ASSOCIATION_ID}}";
    /**
     * Replaced by a simulated managed node which has an association of AWS-RunShellScript by its
     * InstanceId: one shared node, or (FRESH) a new one per probe.
     */
    static final String INSTANCE_ID = "{{INSTANCE_ID}}";
    static final String FRESH_INSTANCE_ID = "{{FRESH_INSTANCE_ID}}";
    /** Replaced by a command sent to the shared node (one, shared: the probes read it, or cancel it again). */
    static final String COMMAND_ID = "{{COMMAND_ID}}";
    /**
     * The account of the operations on those nodes. Registering a node runs every association
     * that targets it, and the probes create hundreds that target every node of their account
     * (InstanceIds *); in an account of their own the nodes run only their own association.
     */
    static final String NODE_ACCOUNT = "222233334444";
    /** Replaced, per probe, by the name of a freshly created Command document (or by a name not yet used). */
    static final String DOCUMENT = "{{DOCUMENT}}";
    static final String NEW_DOCUMENT = "{{NEW_DOCUMENT}}";
    /** A schema 2.2 Command document, as a JSON string's content; %s makes each one's content its own. */
    static final String CONTENT = "{\\\"schemaVersion\\\":\\\"2.2\\\",\\\"mainSteps\\\":[{\\\"action\\\":"
            + "\\\"aws:runShellScript\\\",\\\"name\\\":\\\"run\\\",\\\"inputs\\\":{\\\"runCommand\\\":[\\\"echo %s\\\"]}}]}";
    /** Replaced, per probe, by a fresh activation: its id, and (in the same request) its code. */
    static final String ACTIVATION_ID = "{{ACTIVATION_ID}}";
    static final String ACTIVATION_CODE = "{{ACTIVATION_CODE}}";
    /** An agent's RSA-2048 public key as it registers it: base64 of the DER SubjectPublicKeyInfo. */
    static final String PUBLIC_KEY = publicKey();
    static final String CREATE = """
            {"Name":"AWS-RunShellScript","Targets":[{"Key":"InstanceIds","Values":["*"]}],\
            "Parameters":{"commands":["echo"]}}""";

    private final URI endpoint;
    private final SignedHttp http;
    private String[] run;
    private String instanceId;
    private final java.util.concurrent.atomic.AtomicInteger documents = new java.util.concurrent.atomic.AtomicInteger();
    private String command;

    ModelProbeReferences(URI endpoint, SignedHttp http) {
        this.endpoint = endpoint;
        this.http = http;
    }

    /** Whether requests built on this base go to {@link #NODE_ACCOUNT}. */
    static boolean inNodeAccount(String base) {
        return base.contains(INSTANCE_ID) || base.contains(FRESH_INSTANCE_ID) || base.contains(COMMAND_ID);
    }

    /** The request with every placeholder replaced. */
    String resolve(String json) {
        if (json.contains(ACTIVATION_ID) || json.contains(ACTIVATION_CODE)) {
            Response created = http.call("CreateActivation", "{\"IamRole\":\"ProbeRole\"}");
            assertEquals(200, created.status(), created.body());
            JsonNode activation = read(created.body());
            json = json.replace(ACTIVATION_ID, activation.get("ActivationId").asText())
                    .replace(ACTIVATION_CODE, activation.get("ActivationCode").asText());
        }
        if (json.contains(ASSOCIATION_ID)) {
            json = json.replace(ASSOCIATION_ID, freshAssociation());
        }
        if (json.contains(EXECUTION_ID) || json.contains(RUN_ASSOCIATION_ID)) {
            String[] r = run();
            json = json.replace(RUN_ASSOCIATION_ID, r[0]).replace(EXECUTION_ID, r[1]);
        }
        if (json.contains(COMMAND_ID)) {
            json = json.replace(COMMAND_ID, command());
        }
        if (json.contains(INSTANCE_ID)) {
            json = json.replace(INSTANCE_ID, instanceId());
        }
        if (json.contains(FRESH_INSTANCE_ID)) {
            json = json.replace(FRESH_INSTANCE_ID, nodeWithLegacyAssociation());
        }
        if (json.contains(NEW_DOCUMENT)) {
            json = json.replace(NEW_DOCUMENT, "Probe-" + documents.incrementAndGet());
        }
        if (json.contains(DOCUMENT)) {
            json = json.replace(DOCUMENT, freshDocument());
        }
        return json;
    }

    private String freshDocument() {
        String name = "Probe-" + documents.incrementAndGet();
        Response created = http.call("CreateDocument", "{\"Name\":\"" + name + "\",\"Content\":\"" + CONTENT.formatted("one")
                + "\"}");
        assertEquals(200, created.status(), created.body());
        return name;
    }

    String freshAssociation() {
        Response created = http.call("CreateAssociation", CREATE);
        assertEquals(200, created.status(), created.body());
        return read(created.body()).get("AssociationDescription").get("AssociationId").asText();
    }

    /** An association and its first run, once it has one. */
    private synchronized String[] run() {
        if (run == null) {
            String association = freshAssociation();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (run == null) {
                Response runs = http.call("DescribeAssociationExecutions", "{\"AssociationId\":\"" + association + "\"}");
                assertEquals(200, runs.status(), runs.body());
                JsonNode first = read(runs.body()).path("AssociationExecutions").path(0);
                if (first.has("ExecutionId")) {
                    run = new String[]{association, first.get("ExecutionId").asText()};
                } else {
                    assertTrue(System.nanoTime() < deadline, "no run of " + association + " within a minute");
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return run;
    }

    private synchronized String command() {
        if (command == null) {
            Response sent = http.call("SendCommand", "{\"DocumentName\":\"AWS-RunShellScript\",\"InstanceIds\":[\""
                    + instanceId() + "\"],\"Parameters\":{\"commands\":[\"echo\"]}}", NODE_ACCOUNT);
            assertEquals(200, sent.status(), sent.body());
            command = read(sent.body()).get("Command").get("CommandId").asText();
        }
        return command;
    }

    private synchronized String instanceId() {
        if (instanceId == null) {
            instanceId = nodeWithLegacyAssociation();
        }
        return instanceId;
    }

    /** A new simulated node of NODE_ACCOUNT, and an association of AWS-RunShellScript by its InstanceId. */
    private String nodeWithLegacyAssociation() {
        Response node = new ControlClient(endpoint, NODE_ACCOUNT, TestServer.REGION).post("/_steward/nodes", "{}");
        assertEquals(200, node.status(), node.body());
        String id = read(node.body()).get("InstanceId").asText();
        Response legacy = http.call("CreateAssociation", "{\"Name\":\"AWS-RunShellScript\",\"InstanceId\":\"" + id
                + "\",\"Parameters\":{\"commands\":[\"echo\"]}}", NODE_ACCOUNT);
        assertEquals(200, legacy.status(), legacy.body());
        return id;
    }

    private static String publicKey() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return java.util.Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
