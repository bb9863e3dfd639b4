package steward.document;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One plugin invocation of a document, the same shape whether the document lists it under
 * {@code mainSteps} (schema 2.x) or under {@code runtimeConfig} (schema 1.2).
 *
 * @param platformType the {@code platformType} the step's precondition requires, or null
 * @param inputs the step's inputs (1.2: the plugin's properties), with parameter references unresolved
 */
public record DocumentStep(String action, String name, String platformType, JsonNode inputs) {
}
