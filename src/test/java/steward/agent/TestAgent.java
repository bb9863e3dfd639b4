package steward.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * An SSM Agent at the protocol level, written from the protocol reference
 * (shared/spec/ssm-agent-protocol.md), not from the agent's code. It registers with a fresh
 * RSA-2048 key (JDK crypto), asks for credentials with RSA-PSS-signed calls (a chunked body, an
 * unsigned X-Amz-Content-Sha256, as the agent sends them), reports its health, long-polls
 * ec2messages, and really runs the shell commands it is sent, in a temporary directory, replying
 * with the payloads the reference shows: a document-level InProgress, then the acknowledgement,
 * one reply per plugin, and the final one.
 */
public final class TestAgent implements AutoCloseable {
    public static final String VERSION = "3.3.987.0";
    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.:-]+)\\s*}}");

    /** An error answer from Steward. */
    public static final class CallFailed extends RuntimeException {
        public final int status;
        public final String code;

        CallFailed(int status, String code, String message) {
            super(status + " " + code + ": " + message);
            this.status = status;
            this.code = code;
        }
    }

    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken, double expiration) {
    }

    private final URI endpoint;
    private final String region;
    private final HttpClient http;
    /** Where commands run; made on the first one, so a fleet of agents that run nothing makes none. */
    private Path workDir;
    private KeyPair keys;
    private String fingerprint = UUID.randomUUID().toString();
    private volatile String instanceId;
    private volatile Credentials credentials;
    private volatile boolean polling;
    private volatile boolean replying = true;
    private Thread poller;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    /** Every message received, in order, for tests to inspect. */
    public final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** The ids of the messages this agent acknowledged, in order. */
    public final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private volatile URI target;

    public TestAgent(URI endpoint, String region) {
        this(endpoint, region, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(), newKeys());
    }

    /**
     * An agent on a shared HTTP client with a given key pair: the fleet benchmark runs thousands
     * in one process, where a client (and its selector thread) each and a fresh RSA key each would
     * cost more than the agents. Steward does not require keys to differ between nodes.
     */
    public TestAgent(URI endpoint, String region, HttpClient http, KeyPair keys) {
        this.endpoint = endpoint;
        this.target = endpoint;
        this.region = region;
        this.http = http;
        this.keys = keys;
    }

    private synchronized Path workDir() throws IOException {
        if (workDir == null) {
            workDir = Files.createTempDirectory("test-agent");
        }
        return workDir;
    }

    /** Where the agent sends its calls now. */
    public URI target() {
        return target;
    }

    /** Points the agent at another address (Steward restarted elsewhere). */
    public void retarget(URI newEndpoint) {
        this.target = newEndpoint;
    }

    public String instanceId() {
        return instanceId;
    }

    public Credentials credentials() {
        return credentials;
    }

    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    public void setFingerprint(String value) {
        fingerprint = value;
    }

    public static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- registration and credentials ----

    /** RegisterManagedInstance, unsigned, as {@code amazon-ssm-agent -register} sends it. */
    public String register(String activationId, String activationCode) {
        ObjectNode body = JSON.createObjectNode().put("ActivationCode", activationCode).put("ActivationId", activationId)
                .put("PublicKey", publicKey()).put("PublicKeyType", "Rsa").put("Fingerprint", fingerprint);
        JsonNode answer = send("AmazonSSM.RegisterManagedInstance", bytes(body), Map.of());
        instanceId = answer.get("InstanceId").asText();
        return instanceId;
    }

    /** RequestManagedInstanceRoleToken, RSA-signed. */
    public Credentials refreshCredentials() {
        JsonNode answer = rsaCall("RequestManagedInstanceRoleToken",
                JSON.createObjectNode().put("Fingerprint", fingerprint));
        for (String member : List.of("AccessKeyId", "SecretAccessKey", "SessionToken", "TokenExpirationDate",
                "UpdateKeyPair")) {
            if (!answer.hasNonNull(member)) {
                throw new AssertionError("RequestManagedInstanceRoleToken answer lacks " + member + ": " + answer);
            }
        }
        credentials = new Credentials(answer.get("AccessKeyId").asText(), answer.get("SecretAccessKey").asText(),
                answer.get("SessionToken").asText(), answer.get("TokenExpirationDate").asDouble());
        return credentials;
    }

    /** UpdateManagedInstancePublicKey, signed with the old key; the new key signs from then on. */
    public void rotateKey() {
        KeyPair next = newKeys();
        rsaCall("UpdateManagedInstancePublicKey", JSON.createObjectNode()
                .put("NewPublicKey", Base64.getEncoder().encodeToString(next.getPublic().getEncoded()))
                .put("NewPublicKeyType", "Rsa"));
        keys = next;
    }

    public JsonNode rsaCall(String operation, ObjectNode body) {
        byte[] payload = bytes(body);
        return send("AmazonSSM." + operation, payload, rsaHeaders("AmazonSSM." + operation, payload, Instant.now(), keys));
    }

    /** The headers of an RSA-signed call, exposed so tests can replay or alter them. */
    public Map<String, String> rsaHeaders(String target, byte[] payload, Instant time, KeyPair signer) {
        String amzDate = AMZ_DATE.format(time);
        String host = this.target.getHost() + ":" + this.target.getPort();
        String payloadHash = sha256Hex(payload);
        String canonical = "POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:" + host + "\nx-amz-date:" + amzDate
                + "\nx-amz-target:" + target + "\n\ncontent-type;host;x-amz-date;x-amz-target\n" + payloadHash;
        String scope = amzDate.substring(0, 8) + "/" + region + "/ssm/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Date", amzDate);
        headers.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + instanceId + "/" + scope
                + ", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + signPss(stringToSign, signer));
        headers.put("X-Amz-Content-Sha256", payloadHash);
        return headers;
    }

    public KeyPair keys() {
        return keys;
    }

    static String signPss(String text, KeyPair signer) {
        try {
            Signature pss = Signature.getInstance("RSASSA-PSS");
            pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            pss.initSign(signer.getPrivate());
            pss.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(pss.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- health ----

    /** The worker's start-up gate. */
    public void emptyPing() {
        ssm("UpdateInstanceInformation", JSON.createObjectNode().put("InstanceId", instanceId)
                .put("AgentName", "amazon-ssm-agent").put("AgentVersion", VERSION).put("PlatformType", "Linux"));
    }

    /** A full health report, with the empty availability-zone strings an on-premises agent sends. */
    public void reportHealth() {
        ssm("UpdateInstanceInformation", JSON.createObjectNode().put("InstanceId", instanceId)
                .put("AgentName", "amazon-ssm-agent").put("AgentVersion", VERSION).put("AgentStatus", "Active")
                .put("PlatformType", "Linux").put("PlatformName", "Debian GNU/Linux").put("PlatformVersion", "12")
                .put("IPAddress", "192.0.2.10").put("ComputerName", "test-agent-" + instanceId)
                .put("AvailabilityZone", "").put("AvailabilityZoneId", "").put("SSMConnectionChannel", "ec2messages"));
    }

    // ---- signed calls with the issued credentials ----

    public JsonNode ssm(String operation, ObjectNode body) {
        return signed("AmazonSSM." + operation, "ssm", bytes(body), credentials);
    }

    public JsonNode mds(String operation, ObjectNode body) {
        return signed("EC2WindowsMessageDeliveryService." + operation, "ec2messages", bytes(body), credentials);
    }

    /** A signed ec2messages or SSM request, for callers that send it themselves (asynchronously, say). */
    public HttpRequest signedRequest(String target, String service, byte[] body, Duration timeout) {
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(this.target)
                .putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", target)
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body)).build();
        Credentials with = credentials;
        SignedRequest signedRequest = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentials.create(with.accessKeyId(), with.secretAccessKey(), with.sessionToken()))
                .request(unsigned).payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        HttpRequest.Builder request = HttpRequest.newBuilder(this.target).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signedRequest.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                request.header(name, values.get(0));
            }
        });
        return request.build();
    }

    public JsonNode signed(String target, String service, byte[] body, Credentials with) {
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(this.target)
                .putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", target)
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body)).build();
        SignedRequest signedRequest = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentials.create(with.accessKeyId(), with.secretAccessKey(), with.sessionToken()))
                .request(unsigned).payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        Map<String, String> headers = new LinkedHashMap<>();
        signedRequest.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")
                    && !name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("X-Amz-Target")) {
                headers.put(name, values.get(0));
            }
        });
        return sendFixed(target, body, headers);
    }

    /** A request with a fixed-length body. */
    JsonNode sendFixed(String target, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.target).timeout(Duration.ofSeconds(25))
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return exchange(request.build());
    }

    /** A request whose body goes chunked (unknown length), as the agent's RSA-signed calls do. */
    public JsonNode send(String target, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.target).timeout(Duration.ofSeconds(25))
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        headers.forEach(request::header);
        return exchange(request.build());
    }

    private JsonNode exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new CallFailed(response.statusCode(), body.path("__type").asText(), body.path("Message").asText());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the message loop ----

    /** Registers nothing; starts heartbeating once and polling for commands on a background thread. */
    public void start() {
        polling = true;
        replying = true;
        poller = Thread.ofVirtual().name("test-agent-" + instanceId).start(this::pollLoop);
    }

    private void pollLoop() {
        while (polling) {
            try {
                JsonNode answer = mds("GetMessages", JSON.createObjectNode().put("Destination", instanceId)
                        .put("MessagesRequestId", UUID.randomUUID().toString()).put("VisibilityTimeoutInSeconds", 10));
                for (JsonNode message : answer.path("Messages")) {
                    if (!polling) {
                        return;
                    }
                    received.add(message);
                    handle(message);
                }
            } catch (RuntimeException e) {
                if (!polling) {
                    return;
                }
                sleep(200);
            }
        }
    }

    private void handle(JsonNode message) {
        String messageId = message.get("MessageId").asText();
        String topic = message.get("Topic").asText();
        JsonNode payload;
        try {
            payload = JSON.readTree(message.get("Payload").asText());
        } catch (IOException e) {
            mds("FailMessage", JSON.createObjectNode().put("MessageId", messageId).put("FailureType",
                    "InternalHandlerException"));
            return;
        }
        if (topic.startsWith("aws.ssm.cancelCommand")) {
            reply(messageId, "InProgress", null, null);
            mds("AcknowledgeMessage", JSON.createObjectNode().put("MessageId", messageId));
            Process process = running.get(payload.path("CancelMessageId").asText());
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            return;
        }
        if (!topic.startsWith("aws.ssm.sendCommand")) {
            mds("FailMessage", JSON.createObjectNode().put("MessageId", messageId).put("FailureType",
                    "InternalHandlerException"));
            return;
        }
        reply(messageId, "InProgress", null, null);
        mds("AcknowledgeMessage", JSON.createObjectNode().put("MessageId", messageId));
        acknowledged.add(messageId);
        Thread.ofVirtual().start(() -> {
            try {
                run(messageId, payload);
            } catch (RuntimeException e) {
                if (replying) {
                    throw e;
                }
            }
        });
    }

    private record Plugin(String id, String name, List<String> commands, long timeoutSeconds) {
    }

    private void run(String messageId, JsonNode payload) {
        JsonNode content = payload.get("DocumentContent");
        JsonNode parameters = payload.path("Parameters");
        List<Plugin> plugins = plugins(content, parameters);
        ObjectNode all = JSON.createObjectNode();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Plugin plugin : plugins) {
            ObjectNode entry = execute(messageId, plugin);
            if (!replying) {
                return;
            }
            all.set(plugin.id(), entry);
            counts.merge(entry.get("status").asText(), 1, Integer::sum);
            reply(messageId, "InProgress", JSON.createObjectNode().set(plugin.id(), entry), counts);
        }
        String status = aggregate(all);
        reply(messageId, status, plugins.size() == 1 ? all : JSON.createObjectNode(), counts);
    }

    static String aggregate(ObjectNode plugins) {
        List<String> statuses = new ArrayList<>();
        plugins.properties().forEach(e -> statuses.add(e.getValue().get("status").asText()));
        for (String first : List.of("Failed", "TimedOut", "Cancelled")) {
            if (statuses.contains(first)) {
                return first;
            }
        }
        return "Success";
    }

    private List<Plugin> plugins(JsonNode content, JsonNode parameters) {
        List<Plugin> plugins = new ArrayList<>();
        if (content.has("mainSteps")) {
            for (JsonNode step : content.get("mainSteps")) {
                JsonNode inputs = substitute(step.path("inputs"), parameters, content);
                plugins.add(new Plugin(step.get("name").asText(), step.get("action").asText(), lines(inputs.path("runCommand")),
                        inputs.path("timeoutSeconds").asLong(3600)));
            }
        } else {
            content.path("runtimeConfig").properties().forEach(e -> {
                for (JsonNode property : e.getValue().path("properties")) {
                    JsonNode inputs = substitute(property, parameters, content);
                    plugins.add(new Plugin(e.getKey(), e.getKey(), lines(inputs.path("runCommand")),
                            inputs.path("timeoutSeconds").asLong(3600)));
                }
            });
        }
        return plugins;
    }

    private static List<String> lines(JsonNode node) {
        List<String> lines = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(l -> lines.add(l.asText()));
        } else if (node.isTextual()) {
            lines.add(node.asText());
        }
        return lines;
    }

    /** Replaces {{ name }} with the parameter's value (or its default); a whole-value StringList stays a list. */
    static JsonNode substitute(JsonNode node, JsonNode parameters, JsonNode content) {
        if (node.isTextual()) {
            String text = node.asText();
            Matcher whole = PLACEHOLDER.matcher(text.trim());
            if (whole.matches()) {
                JsonNode value = value(whole.group(1), parameters, content);
                if (value != null) {
                    return value.isArray() ? value : JsonNodeFactory.instance.textNode(value.asText());
                }
            }
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                JsonNode value = value(m.group(1), parameters, content);
                String replacement = value == null ? m.group() : value.isArray() ? join(value) : value.asText();
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return JsonNodeFactory.instance.textNode(out.toString());
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            for (JsonNode element : node) {
                JsonNode value = substitute(element, parameters, content);
                if (value.isArray() && element.isTextual()) {
                    copy.addAll((ArrayNode) value);
                } else {
                    copy.add(value);
                }
            }
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), substitute(e.getValue(), parameters, content)));
            return copy;
        }
        return node;
    }

    private static JsonNode value(String name, JsonNode parameters, JsonNode content) {
        if (parameters.has(name)) {
            return parameters.get(name);
        }
        JsonNode defaults = content.path("parameters").path(name).get("default");
        return defaults;
    }

    private static String join(JsonNode list) {
        List<String> parts = new ArrayList<>();
        list.forEach(p -> parts.add(p.asText()));
        return String.join("\n", parts);
    }

    private ObjectNode execute(String messageId, Plugin plugin) {
        Instant start = Instant.now();
        String stdout = "";
        String stderr = "";
        int code;
        String status;
        try {
            Path dir = Files.createTempDirectory(workDir(), "run");
            Path script = dir.resolve("_script.sh");
            Files.writeString(script, String.join("\n", plugin.commands()) + "\n");
            Process process = new ProcessBuilder("sh", script.toString()).directory(dir.toFile())
                    .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
            running.put(messageId, process);
            boolean done = process.waitFor(plugin.timeoutSeconds(), TimeUnit.SECONDS);
            running.remove(messageId);
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            stdout = Files.readString(dir.resolve("stdout"));
            stderr = Files.readString(dir.resolve("stderr"));
            code = process.exitValue();
            boolean killed = done && code == 137;
            status = !done ? "TimedOut" : killed || code > 128 ? "Cancelled" : code == 0 ? "Success" : "Failed";
        } catch (IOException e) {
            status = "Failed";
            code = 1;
            stderr = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = "Cancelled";
            code = 1;
        }
        String output = stderr.isEmpty() ? stdout : stdout + "\n----------ERROR-------\n" + stderr;
        ObjectNode entry = JSON.createObjectNode();
        entry.put("status", status).put("code", code).put("name", plugin.name())
                .put("output", output.length() > 2500 ? output.substring(0, 2500) : output)
                .put("standardOutput", stdout).put("standardError", stderr)
                .put("startDateTime", ISO.format(start)).put("endDateTime", ISO.format(Instant.now()))
                .put("outputS3BucketName", "").put("outputS3KeyPrefix", "").put("stepName", "");
        return entry;
    }

    /** One SendReply with the payload shape of the reference (section 5.8). */
    public void reply(String messageId, String documentStatus, ObjectNode runtimeStatus, Map<String, Integer> counts) {
        if (!replying) {
            return;
        }
        ObjectNode agent = JSON.createObjectNode().put("lang", "en-US").put("name", "amazon-ssm-agent").put("os", "linux")
                .put("osver", "1").put("ver", VERSION);
        ObjectNode info = JSON.createObjectNode();
        info.set("agent", agent);
        info.put("dateTime", ISO.format(Instant.now())).put("runId", "");
        if (counts == null) {
            info.putNull("runtimeStatusCounts");
        } else {
            info.set("runtimeStatusCounts", JSON.valueToTree(counts));
        }
        info.put("ableToOpenMGSConnection", false);
        ObjectNode payload = JSON.createObjectNode();
        payload.set("additionalInfo", info);
        payload.put("documentStatus", documentStatus).put("documentTraceOutput", "");
        if (runtimeStatus == null) {
            payload.putNull("runtimeStatus");
        } else {
            payload.set("runtimeStatus", runtimeStatus);
        }
        mds("SendReply", JSON.createObjectNode().put("MessageId", messageId).put("ReplyId", UUID.randomUUID().toString())
                .put("Payload", payload.toString()));
    }

    /** Stops polling, letting commands under way finish and reply. */
    public void stop() {
        polling = false;
        if (poller != null) {
            poller.interrupt();
        }
    }

    /** Dies as kill -9 would: no more polls, no more replies, its commands' processes gone. */
    public void kill() {
        replying = false;
        stop();
        running.values().forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    @Override
    public void close() {
        kill();
        Path dir;
        synchronized (this) {
            dir = workDir;
        }
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
