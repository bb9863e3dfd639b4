package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;

/**
 * What a Command document must be before it is stored, checked the way the SSM Agent will read
 * it: the schema version (1.2, 2.0, 2.2), {@code runtimeConfig} (1.2) or {@code mainSteps}
 * (2.x) naming known plugins, unique step names, well-formed parameter declarations, and every
 * {@code {{ name }}} reference naming a declared parameter. Each message names the member and
 * where it is (JSON-path style, {@code mainSteps[1].action}), since a user fixes the document
 * from the message alone.
 */
final class CommandDocumentRules {
    static final List<String> SCHEMA_VERSIONS = List.of("1.2", "2.0", "2.2");
    static final Set<String> PARAMETER_TYPES = Set.of("String", "StringList", "Integer", "Boolean", "MapList",
            "StringMap");
    private static final Set<String> DECLARATION_MEMBERS = Set.of("type", "description", "default", "allowedValues",
            "allowedPattern", "displayType", "minItems", "maxItems", "minChars", "maxChars");
    private static final Set<String> TOP_LEVEL_1_2 = Set.of("schemaVersion", "description", "parameters",
            "runtimeConfig");
    private static final Set<String> TOP_LEVEL_2 = Set.of("schemaVersion", "description", "parameters", "mainSteps");
    private static final Set<String> STEP_MEMBERS = Set.of("action", "name", "inputs", "precondition");
    /** The inputs (schema 1.2: properties) without which the agent's plugin cannot run at all. */
    private static final Map<String, List<String>> REQUIRED_INPUTS = Map.of(
            "aws:runShellScript", List.of("runCommand"),
            "aws:runPowerShellScript", List.of("runCommand"),
            "aws:runDocument", List.of("documentType", "documentPath"),
            "aws:downloadContent", List.of("sourceType", "sourceInfo"),
            "aws:configurePackage", List.of("name", "action"),
            "aws:psModule", List.of("source"),
            "aws:applications", List.of("action", "source"));
    private static final Pattern STEP_NAME = Pattern.compile("^[a-zA-Z0-9_.-]{1,100}$");
    private static final Pattern PARAMETER_NAME = Pattern.compile("^[a-zA-Z0-9_]{1,255}$");
    /** {{ name }}; references into Parameter Store and SSM's own variables are not document parameters. */
    static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*\\}\\}");
    private static final List<String> EXTERNAL_PREFIXES = List.of("ssm:", "ssm-secure:", "global:", "resolve:");

    private CommandDocumentRules() {
    }

    static void validate(DocumentContent content) {
        JsonNode root = content.tree();
        JsonNode schema = root.get("schemaVersion");
        if (schema == null || schema.isNull()) {
            throw invalid("schemaVersion is missing: a Command document declares \"schemaVersion\": \"2.2\" "
                    + "(or 2.0, 1.2).");
        }
        String version = schema.asText();
        if (!schema.isTextual() || !SCHEMA_VERSIONS.contains(version)) {
            throw new SsmException(ErrorCodes.INVALID_DOCUMENT_SCHEMA_VERSION, "Document schema version, " + version
                    + ", is not supported by the Command document type. Use one of " + String.join(", ", SCHEMA_VERSIONS)
                    + ".");
        }
        Set<String> allowedTop = version.equals("1.2") ? TOP_LEVEL_1_2 : TOP_LEVEL_2;
        root.fieldNames().forEachRemaining(member -> {
            if (!allowedTop.contains(member)) {
                throw invalid("\"" + member + "\" is not a member of a schema " + version + " Command document; "
                        + "it can have " + String.join(", ", allowedTop.stream().sorted().toList()) + ".");
            }
        });
        if (root.has("description") && !root.get("description").isTextual()) {
            throw invalid("description must be a string.");
        }
        Map<String, DocumentParameter> declared = declarations(root.get("parameters"));
        if (version.equals("1.2")) {
            runtimeConfig(root.get("runtimeConfig"));
            references(root.get("runtimeConfig"), "runtimeConfig", declared);
        } else {
            mainSteps(root.get("mainSteps"), version);
            references(root.get("mainSteps"), "mainSteps", declared);
        }
    }

    private static void runtimeConfig(JsonNode runtimeConfig) {
        if (runtimeConfig == null || !runtimeConfig.isObject() || runtimeConfig.isEmpty()) {
            throw invalid("runtimeConfig is missing or empty: a schema 1.2 document maps each plugin it runs "
                    + "(such as aws:runShellScript) to its properties.");
        }
        runtimeConfig.properties().forEach(plugin -> {
            String where = "runtimeConfig." + plugin.getKey();
            knownAction(plugin.getKey(), where);
            JsonNode body = plugin.getValue();
            if (!body.isObject() || !body.has("properties")) {
                throw invalid(where + " must be an object with \"properties\".");
            }
            JsonNode properties = body.get("properties");
            if (properties.isArray()) {
                for (int i = 0; i < properties.size(); i++) {
                    requiredInputs(plugin.getKey(), properties.get(i), where + ".properties[" + i + "]");
                }
            } else {
                requiredInputs(plugin.getKey(), properties, where + ".properties");
            }
        });
    }

    private static void mainSteps(JsonNode mainSteps, String version) {
        if (mainSteps == null || !mainSteps.isArray() || mainSteps.isEmpty()) {
            throw invalid("mainSteps is missing or empty: a schema " + version + " document lists at least one step "
                    + "with an action, a name and inputs.");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < mainSteps.size(); i++) {
            JsonNode step = mainSteps.get(i);
            String where = "mainSteps[" + i + "]";
            if (!step.isObject()) {
                throw invalid(where + " must be an object with an action, a name and inputs.");
            }
            step.fieldNames().forEachRemaining(member -> {
                if (!STEP_MEMBERS.contains(member)) {
                    throw invalid(where + "." + member + " is not a member of a step; a step has action, name, "
                            + "inputs and (schema 2.2) precondition.");
                }
            });
            JsonNode action = step.get("action");
            if (action == null || !action.isTextual()) {
                throw invalid(where + ".action is missing.");
            }
            knownAction(action.textValue(), where + ".action");
            JsonNode name = step.get("name");
            if (name == null || !name.isTextual() || !STEP_NAME.matcher(name.textValue()).matches()) {
                throw invalid(where + ".name is missing or not valid: a step name is 1 to 100 letters, digits, "
                        + "'.', '_' or '-'.");
            }
            if (!names.add(name.textValue())) {
                throw invalid(where + ".name \"" + name.textValue() + "\" is used by an earlier step; step names "
                        + "must be unique.");
            }
            JsonNode inputs = step.get("inputs");
            if (inputs != null && !inputs.isObject()) {
                throw invalid(where + ".inputs must be an object.");
            }
            requiredInputs(action.textValue(), inputs, where + ".inputs");
            if (step.has("precondition")) {
                precondition(step.get("precondition"), where + ".precondition", version);
            }
        }
    }

    private static void requiredInputs(String action, JsonNode inputs, String where) {
        for (String input : REQUIRED_INPUTS.getOrDefault(action, List.of())) {
            JsonNode value = inputs == null ? null : inputs.get(input);
            if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())
                    || (value.isContainerNode() && value.isEmpty())) {
                throw invalid(where + "." + input + " is missing: " + action + " needs " + String.join(" and ",
                        REQUIRED_INPUTS.get(action)) + ".");
            }
        }
    }

    private static void precondition(JsonNode precondition, String where, String version) {
        if (!version.equals("2.2")) {
            throw invalid(where + " needs schema version 2.2.");
        }
        JsonNode equals = precondition.path("StringEquals");
        if (!precondition.isObject() || precondition.size() != 1 || !equals.isArray() || equals.size() != 2
                || !"platformType".equals(equals.get(0).asText())
                || DocumentContent.platform(equals.get(1).asText()) == null) {
            throw invalid(where + " must be {\"StringEquals\": [\"platformType\", \"Windows\" | \"Linux\" | \"MacOS\"]}.");
        }
    }

    private static void knownAction(String action, String where) {
        if (!DocumentContent.PLUGIN_PLATFORMS.containsKey(action)) {
            throw invalid(where + ": " + action + " is not a plugin a Command document can run. Known plugins: "
                    + String.join(", ", DocumentContent.PLUGIN_PLATFORMS.keySet().stream().sorted().toList()) + ".");
        }
    }

    private static Map<String, DocumentParameter> declarations(JsonNode parameters) {
        Map<String, DocumentParameter> declared = new java.util.LinkedHashMap<>();
        if (parameters == null || parameters.isNull()) {
            return declared;
        }
        if (!parameters.isObject()) {
            throw invalid("parameters must be an object that maps each parameter name to its declaration.");
        }
        parameters.properties().forEach(entry -> {
            String name = entry.getKey();
            String where = "parameters." + name;
            JsonNode spec = entry.getValue();
            if (!PARAMETER_NAME.matcher(name).matches()) {
                throw invalid(where + ": a parameter name is letters, digits and '_'.");
            }
            if (!spec.isObject()) {
                throw invalid(where + " must be an object with at least a type.");
            }
            spec.fieldNames().forEachRemaining(member -> {
                if (!DECLARATION_MEMBERS.contains(member)) {
                    throw invalid(where + "." + member + " is not a member of a parameter declaration; it can have "
                            + String.join(", ", DECLARATION_MEMBERS.stream().sorted().toList()) + ".");
                }
            });
            JsonNode type = spec.get("type");
            if (type == null || !type.isTextual() || !PARAMETER_TYPES.contains(type.textValue())) {
                throw invalid(where + ".type " + (type == null ? "is missing" : type.asText() + " is not valid")
                        + ": use one of Boolean, Integer, MapList, String, StringList, StringMap.");
            }
            text(spec, "description", where);
            JsonNode displayType = spec.get("displayType");
            if (displayType != null && !(displayType.isTextual()
                    && List.of("textarea", "textfield").contains(displayType.textValue()))) {
                throw invalid(where + ".displayType must be textarea or textfield.");
            }
            JsonNode allowedValues = spec.get("allowedValues");
            if (allowedValues != null && (!allowedValues.isArray() || allowedValues.isEmpty())) {
                throw invalid(where + ".allowedValues must be a non-empty list.");
            }
            JsonNode pattern = spec.get("allowedPattern");
            if (pattern != null) {
                if (!pattern.isTextual()) {
                    throw invalid(where + ".allowedPattern must be a string.");
                }
                try {
                    Pattern.compile(pattern.textValue());
                } catch (PatternSyntaxException e) {
                    throw invalid(where + ".allowedPattern is not a valid regular expression: " + e.getDescription() + ".");
                }
            }
            for (String bound : List.of("minItems", "maxItems", "minChars", "maxChars")) {
                JsonNode value = spec.get(bound);
                if (value != null && !(value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0)) {
                    throw invalid(where + "." + bound + " must be a whole number of at least 0.");
                }
            }
            DocumentParameter parameter = DocumentContent.parameter(name, spec);
            if (parameter.defaultValue() != null) {
                defaultFits(parameter, where);
            }
            declared.put(name, parameter);
        });
        return declared;
    }

    private static void text(JsonNode spec, String member, String where) {
        JsonNode value = spec.get(member);
        if (value != null && !value.isTextual()) {
            throw invalid(where + "." + member + " must be a string.");
        }
    }

    /** A default must be a value of the declared type; SSM checks it when the document is created. */
    private static void defaultFits(DocumentParameter p, String where) {
        JsonNode value = p.defaultValue();
        boolean fits = switch (p.type()) {
            case "String" -> value.isTextual();
            case "StringList" -> value.isArray() && allMatch(value, JsonNode::isTextual);
            case "Integer" -> value.isIntegralNumber() || (value.isTextual() && value.textValue().matches("-?[0-9]+"));
            case "Boolean" -> value.isBoolean() || (value.isTextual() && List.of("true", "false").contains(value.textValue()));
            case "StringMap" -> value.isObject();
            case "MapList" -> value.isArray() && allMatch(value, JsonNode::isObject);
            default -> false;
        };
        if (!fits) {
            throw invalid(where + ".default " + value + " is not a value of type " + p.type() + ".");
        }
    }

    private static boolean allMatch(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode item : array) {
            if (!test.test(item)) {
                return false;
            }
        }
        return true;
    }

    /** Every {{ name }} in the steps must be a declared parameter. */
    private static void references(JsonNode node, String where, Map<String, DocumentParameter> declared) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            Matcher m = REFERENCE.matcher(node.textValue());
            while (m.find()) {
                String name = m.group(1);
                if (EXTERNAL_PREFIXES.stream().noneMatch(name::startsWith) && !declared.containsKey(name)) {
                    throw invalid("Parameter \"" + name + "\" is referenced at " + where + " but not declared "
                            + "under parameters.");
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(node.get(i), where + "[" + i + "]", declared);
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> references(e.getValue(), where + "." + e.getKey(), declared));
        }
    }

    private static SsmException invalid(String message) {
        return new SsmException(ErrorCodes.INVALID_DOCUMENT_CONTENT, message);
    }
}
