package steward.document;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.Json;

/**
 * The parameter checks made when a document version is associated or sent: every parameter
 * declared, every required one given, every value of its declared type and within its declared
 * rules. Each message names the parameter and the rule it broke. Values that are Parameter Store
 * references ({@code {{ssm:name}}}) are resolved on the node, so only their count is checked here.
 */
final class ParameterValidator {
    private static final Pattern STORE_REFERENCE = Pattern.compile("^\\{\\{\\s*ssm(-secure)?:[^{}]+\\}\\}$");

    private ParameterValidator() {
    }

    static void validate(DocumentVersion document, Map<String, List<String>> parameters) {
        for (String name : parameters.keySet()) {
            if (document.parameter(name).isEmpty()) {
                List<String> declared = document.parameters().stream().map(DocumentParameter::name).toList();
                throw invalid("Parameter \"" + name + "\" is not declared by document " + document.name()
                        + " (version " + document.version() + "), which declares "
                        + (declared.isEmpty() ? "no parameters" : String.join(", ", declared)) + ".");
            }
        }
        for (DocumentParameter declared : document.parameters()) {
            List<String> values = parameters.get(declared.name());
            if (values == null || values.isEmpty()) {
                if (declared.required()) {
                    throw invalid("Parameter \"" + declared.name() + "\" requires a value.");
                }
                continue;
            }
            check(declared, values);
        }
    }

    private static void check(DocumentParameter p, List<String> values) {
        String name = "Parameter \"" + p.name() + "\"";
        boolean list = p.type().equals("StringList") || p.type().equals("MapList");
        if (!list && values.size() > 1) {
            throw invalid(name + " is of type " + p.type() + " and takes one value; " + values.size() + " were given.");
        }
        if (p.minItems() != null && values.size() < p.minItems()) {
            throw invalid(name + " has " + values.size() + " items; minItems is " + p.minItems() + ".");
        }
        if (p.maxItems() != null && values.size() > p.maxItems()) {
            throw invalid(name + " has " + values.size() + " items; maxItems is " + p.maxItems() + ".");
        }
        for (String value : values) {
            if (value == null) {
                throw invalid(name + " has a null value.");
            }
            if (STORE_REFERENCE.matcher(value).matches()) {
                continue;
            }
            typed(p, name, value);
            if (p.minChars() != null && value.length() < p.minChars()) {
                throw invalid(name + " value \"" + value + "\" is shorter than its minChars, " + p.minChars() + ".");
            }
            if (p.maxChars() != null && value.length() > p.maxChars()) {
                throw invalid(name + " value is " + value.length() + " characters long; its maxChars is "
                        + p.maxChars() + ".");
            }
            if (!p.allowedValues().isEmpty() && !p.allowedValues().contains(value)) {
                throw invalid(name + " value \"" + value + "\" is not one of its allowedValues: "
                        + String.join(", ", p.allowedValues()) + ".");
            }
            if (p.allowedPattern() != null && !matchesWhole(p.allowedPattern(), value)) {
                throw invalid(name + " value \"" + value + "\" does not match its allowedPattern " + p.allowedPattern()
                        + ".");
            }
        }
    }

    private static void typed(DocumentParameter p, String name, String value) {
        switch (p.type()) {
            case "Integer" -> {
                if (!value.matches("-?[0-9]{1,18}")) {
                    throw invalid(name + " is of type Integer; \"" + value + "\" is not a whole number.");
                }
            }
            case "Boolean" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw invalid(name + " is of type Boolean; \"" + value + "\" is not true or false.");
                }
            }
            case "StringMap", "MapList" -> {
                if (!isJsonObject(value)) {
                    throw invalid(name + " is of type " + p.type() + "; \"" + value + "\" is not a JSON object.");
                }
            }
            default -> {
            }
        }
    }

    private static boolean isJsonObject(String value) {
        try {
            JsonNode node = Json.MAPPER.readTree(value);
            return node != null && node.isObject();
        } catch (JacksonException e) {
            return false;
        }
    }

    // SSM patterns are written both anchored and unanchored; either way the whole value must match.
    private static boolean matchesWhole(String pattern, String value) {
        try {
            return Pattern.compile(pattern).matcher(value).matches();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static SsmException invalid(String message) {
        return new SsmException(ErrorCodes.INVALID_PARAMETERS, message);
    }
}
