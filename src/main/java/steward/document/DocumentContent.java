package steward.document;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;

/**
 * What a document's content says, read once from its text: the tree, the schema version, the
 * description, the declared parameters, the plugin steps and the platforms they run on. JSON and
 * YAML are read and written by Jackson (jackson-dataformat-yaml); TEXT content has no tree.
 */
public record DocumentContent(
        JsonNode tree,
        String schemaVersion,
        String description,
        List<DocumentParameter> parameters,
        List<DocumentStep> steps,
        List<String> platformTypes) {

    public static final String JSON = "JSON";
    public static final String YAML = "YAML";
    public static final String TEXT = "TEXT";

    /** Declared in the order AWS lists PlatformTypes: Windows, Linux, MacOS. */
    public enum Platform { Windows, Linux, MacOS }

    /** Where each plugin runs when a step names no precondition (SSM skips it elsewhere). */
    static final Map<String, Set<Platform>> PLUGIN_PLATFORMS = Map.ofEntries(
            Map.entry("aws:runShellScript", EnumSet.of(Platform.Linux, Platform.MacOS)),
            // AWS reports Windows and Linux for AWS-RunPowerShellScript: PowerShell Core runs on Linux too.
            Map.entry("aws:runPowerShellScript", EnumSet.of(Platform.Windows, Platform.Linux)),
            Map.entry("aws:psModule", EnumSet.of(Platform.Windows)),
            Map.entry("aws:applications", EnumSet.of(Platform.Windows)),
            Map.entry("aws:cloudWatch", EnumSet.of(Platform.Windows)),
            Map.entry("aws:configureContainers", EnumSet.of(Platform.Windows)),
            Map.entry("aws:updateAgent", EnumSet.of(Platform.Windows)),
            Map.entry("aws:domainJoin", EnumSet.of(Platform.Windows, Platform.Linux)),
            Map.entry("aws:configureDocker", EnumSet.of(Platform.Windows, Platform.Linux)),
            Map.entry("aws:runDockerAction", EnumSet.of(Platform.Windows, Platform.Linux)),
            Map.entry("aws:softwareInventory", EnumSet.allOf(Platform.class)),
            Map.entry("aws:configurePackage", EnumSet.allOf(Platform.class)),
            Map.entry("aws:downloadContent", EnumSet.allOf(Platform.class)),
            Map.entry("aws:runDocument", EnumSet.allOf(Platform.class)),
            Map.entry("aws:refreshAssociation", EnumSet.allOf(Platform.class)),
            Map.entry("aws:updateSsmAgent", EnumSet.allOf(Platform.class)));

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(100).build();
    private static final ObjectMapper JSON_MAPPER = JsonMapper.builder(
            com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(LIMITS).build()).build();
    private static final YAMLMapper YAML_MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .streamReadConstraints(LIMITS)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build())
            .build();

    public DocumentContent {
        parameters = List.copyOf(parameters);
        steps = List.copyOf(steps);
        platformTypes = List.copyOf(platformTypes);
    }

    /** Reads content in its format; content that is not a JSON or YAML object is InvalidDocumentContent. */
    public static DocumentContent read(String format, String text) {
        if (TEXT.equals(format)) {
            return new DocumentContent(null, null, null, List.of(), List.of(), List.of());
        }
        JsonNode root = tree(format, text);
        List<DocumentStep> steps = steps(root);
        return new DocumentContent(root,
                root.hasNonNull("schemaVersion") ? root.get("schemaVersion").asText() : null,
                root.hasNonNull("description") ? root.get("description").asText() : null,
                parameters(root.path("parameters")),
                steps,
                platformTypes(steps));
    }

    static JsonNode tree(String format, String text) {
        JsonNode root;
        try {
            root = (YAML.equals(format) ? YAML_MAPPER : JSON_MAPPER).readTree(text);
        } catch (JacksonException e) {
            throw invalid("The content is not valid " + format + ": " + firstLine(e.getOriginalMessage()) + ".");
        }
        if (root == null || !root.isObject()) {
            throw invalid("The content must be a " + format + " object (a mapping of schemaVersion, parameters, ...).");
        }
        return root;
    }

    /** JSON as people write documents: two-space indents, one array item a line, "key": value. */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));

    /** The content in another format: JSON pretty-printed, YAML as block YAML. */
    public static String render(JsonNode tree, String format) {
        try {
            return YAML.equals(format) ? YAML_MAPPER.writeValueAsString(tree)
                    : JSON_MAPPER.writer(PRETTY).writeValueAsString(tree);
        } catch (JacksonException e) {
            throw new IllegalStateException("a parsed document does not render as " + format, e);
        }
    }

    public static String sha256(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static SsmException invalid(String message) {
        return new SsmException(ErrorCodes.INVALID_DOCUMENT_CONTENT, message);
    }

    private static String firstLine(String message) {
        String text = message == null ? "unreadable" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static List<DocumentParameter> parameters(JsonNode declared) {
        List<DocumentParameter> parameters = new ArrayList<>();
        if (!declared.isObject()) {
            return parameters;
        }
        declared.properties().forEach(entry -> parameters.add(parameter(entry.getKey(), entry.getValue())));
        return parameters;
    }

    /** One declaration under {@code parameters}, read as leniently as the agent reads it. */
    static DocumentParameter parameter(String name, JsonNode spec) {
        List<String> allowed = new ArrayList<>();
        spec.path("allowedValues").forEach(v -> allowed.add(v.asText()));
        return new DocumentParameter(
                name,
                spec.path("type").asText(),
                spec.hasNonNull("description") ? spec.get("description").asText() : null,
                spec.get("default"),
                allowed,
                spec.hasNonNull("allowedPattern") ? spec.get("allowedPattern").asText() : null,
                spec.hasNonNull("displayType") ? spec.get("displayType").asText() : null,
                integer(spec, "minItems"),
                integer(spec, "maxItems"),
                integer(spec, "minChars"),
                integer(spec, "maxChars"));
    }

    private static Integer integer(JsonNode spec, String member) {
        JsonNode value = spec.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.canConvertToInt() && value.isIntegralNumber()) {
            return value.intValue();
        }
        if (value.isTextual() && value.textValue().matches("[0-9]{1,9}")) {
            return Integer.parseInt(value.textValue());
        }
        return null;
    }

    private static List<DocumentStep> steps(JsonNode root) {
        List<DocumentStep> steps = new ArrayList<>();
        if (root.path("mainSteps").isArray()) {
            for (JsonNode step : root.get("mainSteps")) {
                steps.add(new DocumentStep(
                        step.path("action").asText(),
                        step.path("name").asText(),
                        preconditionPlatform(step.path("precondition")),
                        step.path("inputs")));
            }
            return steps;
        }
        // Schema 1.2: runtimeConfig maps each plugin to its properties, a list or a single object.
        if (root.path("runtimeConfig").isObject()) {
            root.get("runtimeConfig").properties().forEach(plugin -> {
                JsonNode properties = plugin.getValue().path("properties");
                if (properties.isArray()) {
                    properties.forEach(p -> steps.add(new DocumentStep(plugin.getKey(), plugin.getKey(), null, p)));
                } else {
                    steps.add(new DocumentStep(plugin.getKey(), plugin.getKey(), null, properties));
                }
            });
        }
        return steps;
    }

    private static String preconditionPlatform(JsonNode precondition) {
        JsonNode equals = precondition.path("StringEquals");
        if (equals.size() == 2 && "platformType".equals(equals.get(0).asText())) {
            return equals.get(1).asText();
        }
        return null;
    }

    private static List<String> platformTypes(List<DocumentStep> steps) {
        EnumSet<Platform> platforms = EnumSet.noneOf(Platform.class);
        for (DocumentStep step : steps) {
            Platform required = platform(step.platformType());
            if (required != null) {
                platforms.add(required);
            } else {
                platforms.addAll(PLUGIN_PLATFORMS.getOrDefault(step.action(), EnumSet.allOf(Platform.class)));
            }
        }
        return platforms.stream().map(Enum::name).toList();
    }

    static Platform platform(String name) {
        for (Platform p : Platform.values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
