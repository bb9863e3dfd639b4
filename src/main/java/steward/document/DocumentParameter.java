package steward.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One parameter a document declares. A parameter without a {@code default} is required, which is
 * how SSM decides it too: {@code "default": ""} makes a parameter optional.
 *
 * @param defaultValue the declared default as written in the document, or null when there is none
 * @param allowedValues empty when the document does not restrict the values
 * @param allowedPattern null when the document does not restrict the values
 * @param minItems null unless declared (StringList and MapList); likewise the other bounds
 */
public record DocumentParameter(
        String name,
        String type,
        String description,
        JsonNode defaultValue,
        List<String> allowedValues,
        String allowedPattern,
        String displayType,
        Integer minItems,
        Integer maxItems,
        Integer minChars,
        Integer maxChars) {

    public DocumentParameter {
        allowedValues = List.copyOf(allowedValues);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** The default as DescribeDocument shows it: text as it is, a map or list as compact JSON. */
    public String defaultText() {
        if (defaultValue == null) {
            return null;
        }
        return defaultValue.isTextual() ? defaultValue.textValue() : defaultValue.toString();
    }
}
