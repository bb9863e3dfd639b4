package steward.document;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;

/** The parameter checks SSM makes when a document is associated or sent. */
final class ParameterValidator {

    private ParameterValidator() {
    }

    static void validate(Document document, Map<String, List<String>> parameters) {
        for (String name : parameters.keySet()) {
            if (document.parameter(name).isEmpty()) {
                throw unsupported(document);
            }
        }
        for (DocumentParameter declared : document.parameters()) {
            List<String> values = parameters.get(declared.name());
            if (values == null || values.isEmpty()) {
                if (declared.required()) {
                    throw new SsmException(ErrorCodes.INVALID_PARAMETERS,
                            "Parameter \"" + declared.name() + "\" requires a value.");
                }
                continue;
            }
            for (String value : values) {
                if (!allowed(declared, value)) {
                    throw unsupported(document);
                }
            }
        }
    }

    private static boolean allowed(DocumentParameter declared, String value) {
        if (value == null) {
            return false;
        }
        if (!declared.allowedValues().isEmpty() && !declared.allowedValues().contains(value)) {
            return false;
        }
        return declared.allowedPattern() == null || matchesWhole(declared.allowedPattern(), value);
    }

    // SSM patterns are written both anchored and unanchored; either way the whole value must match.
    private static boolean matchesWhole(String pattern, String value) {
        try {
            return Pattern.compile(pattern).matcher(value).matches();
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException("document pattern does not compile: " + pattern, e);
        }
    }

    /** AWS answers any parameter set that does not fit the document with this one sentence. */
    private static SsmException unsupported(Document document) {
        return new SsmException(ErrorCodes.INVALID_PARAMETERS,
                "document " + document.name() + " does not support parameters.");
    }
}
