package steward.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static steward.document.DocumentOperationTesting.call;
import static steward.document.DocumentOperationTesting.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.Json;
import steward.protocol.Operation;

class GetDocumentTest {
    private final Operation get = DocumentOperationTesting.operations().get("GetDocument");

    @Test
    void jsonContentIsTheStoredContentUnchanged() {
        JsonNode answer = call(get, input().put("Name", "AWS-RunShellScript"));
        DocumentVersion document = DocumentCatalogue.builtIn().find("AWS-RunShellScript").orElseThrow();
        assertEquals(document.content(), answer.get("Content").asText());
        assertEquals(List.of("Name", "CreatedDate", "DocumentVersion", "Status", "Content", "DocumentType",
                "DocumentFormat"), fieldNames(answer));
        assertEquals("AWS-RunShellScript", answer.get("Name").asText());
        assertEquals("1", answer.get("DocumentVersion").asText());
        assertEquals("Active", answer.get("Status").asText());
        assertEquals("Command", answer.get("DocumentType").asText());
        assertEquals("JSON", answer.get("DocumentFormat").asText());
        assertTrue(answer.get("CreatedDate").isNumber());
    }

    @Test
    void contentIsAStringHoldingTheDocumentJson() throws Exception {
        JsonNode answer = call(get, input().put("Name", "AWS-RunPatchBaseline").put("DocumentFormat", "JSON"));
        assertTrue(answer.get("Content").isTextual());
        JsonNode content = Json.MAPPER.readTree(answer.get("Content").asText());
        assertEquals("2.2", content.get("schemaVersion").asText());
        assertEquals(3, content.get("mainSteps").size());
    }

    @Test
    void yamlFormatRendersTheSameDocumentAsYaml() {
        JsonNode answer = call(get, input().put("Name", "AWS-RunShellScript").put("DocumentFormat", "YAML"));
        String yaml = answer.get("Content").asText();
        assertEquals("YAML", answer.get("DocumentFormat").asText());
        assertTrue(yaml.startsWith("---\nschemaVersion: \"1.2\"\ndescription: "), yaml);
        assertTrue(yaml.contains("\nparameters:\n  commands:\n    type: StringList\n"), yaml);
        assertTrue(yaml.contains("      runCommand: \"{{ commands }}\"\n"), yaml);
        assertFalse(yaml.contains("{\n"), "no JSON left in the YAML");
    }

    @Test
    void textFormatIsRejectedForJsonDocuments() {
        SsmException e = assertThrows(SsmException.class,
                () -> call(get, input().put("Name", "AWS-RunShellScript").put("DocumentFormat", "TEXT")));
        assertEquals(ErrorCodes.VALIDATION, e.code());
        assertEquals("Invalid document format TEXT", e.getMessage());
    }

    @Test
    void unknownDocumentIsInvalidDocument() {
        SsmException e = assertThrows(SsmException.class, () -> call(get, input().put("Name", "My-Document")));
        assertEquals(ErrorCodes.INVALID_DOCUMENT, e.code());
        assertEquals("The specified document does not exist.", e.getMessage());
    }

    @Test
    void unknownVersionIsInvalidDocumentVersion() {
        SsmException e = assertThrows(SsmException.class,
                () -> call(get, input().put("Name", "AWS-RunShellScript").put("DocumentVersion", "7")));
        assertEquals(ErrorCodes.INVALID_DOCUMENT_VERSION, e.code());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
