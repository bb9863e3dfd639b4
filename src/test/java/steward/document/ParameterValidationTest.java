package steward.document;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import steward.document.DocumentAuthoring.Draft;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.tenant.Tenant;

/** Parameters given to an association (or a command) against what the document version declares. */
class ParameterValidationTest {
    private static final DocumentService documents = DocumentOperationTesting.SERVICES.documents();
    private static final Tenant TENANT = new Tenant("210987654321", "eu-west-1");
    private static final String TYPED = """
            {"schemaVersion": "2.2",
             "parameters": {
               "count": {"type": "Integer", "default": 1},
               "verbose": {"type": "Boolean", "default": false},
               "mode": {"type": "String", "default": "fast", "allowedValues": ["fast", "slow"]},
               "label": {"type": "String", "default": "x", "allowedPattern": "^[a-z]+$", "minChars": 1, "maxChars": 5},
               "hosts": {"type": "StringList", "default": [], "minItems": 0, "maxItems": 2},
               "env": {"type": "StringMap", "default": {}},
               "mounts": {"type": "MapList", "default": []},
               "script": {"type": "String"}
             },
             "mainSteps": [{"action": "aws:runShellScript", "name": "run",
                            "inputs": {"runCommand": ["{{ script }} {{ count }} {{mode}}"]}}]}""";

    @BeforeAll
    static void createTypedDocument() {
        DocumentOperationTesting.SERVICES.authoring().create(TENANT, "Typed-Parameters",
                new Draft(TYPED, "JSON", "Command", null, null, null, null), List.of());
    }

    private static SsmException rejected(Tenant tenant, String document, Map<String, List<String>> parameters) {
        DocumentVersion d = documents.resolve(tenant, document, null);
        SsmException e = assertThrows(SsmException.class, () -> documents.checkParameters(d, parameters));
        assertEquals(ErrorCodes.INVALID_PARAMETERS, e.code());
        return e;
    }

    private static SsmException rejected(String document, Map<String, List<String>> parameters) {
        return rejected(TENANT, document, parameters);
    }

    private static String typed(Map<String, List<String>> parameters) {
        Map<String, List<String>> all = new HashMap<>(parameters);
        all.putIfAbsent("script", List.of("echo"));
        return rejected("Typed-Parameters", all).getMessage();
    }

    private static void accepted(String document, Map<String, List<String>> parameters) {
        DocumentVersion d = documents.resolve(TENANT, document, null);
        assertDoesNotThrow(() -> documents.checkParameters(d, parameters));
    }

    @Test
    void undeclaredParameterIsNamedWithWhatTheDocumentDeclares() {
        SsmException e = rejected("AWS-RunShellScript", Map.of("commands", List.of("ls"), "command", List.of("ls")));
        assertEquals("Parameter \"command\" is not declared by document AWS-RunShellScript (version 1), which declares "
                + "commands, workingDirectory, executionTimeout.", e.getMessage());
    }

    @Test
    void missingRequiredParameterIsNamed() {
        assertEquals("Parameter \"commands\" requires a value.",
                rejected("AWS-RunShellScript", Map.of("workingDirectory", List.of("/tmp"))).getMessage());
        assertEquals("Parameter \"Operation\" requires a value.",
                rejected("AWS-RunPatchBaseline", Map.of("Operation", List.of())).getMessage());
        assertEquals("Parameter \"action\" requires a value.", rejected("AWS-ConfigureAWSPackage", null).getMessage());
    }

    @Test
    void absentParametersAreFineWhenEveryParameterHasDefault() {
        accepted("AWS-GatherSoftwareInventory", Map.of());
        accepted("AWS-UpdateSSMAgent", null);
    }

    @Test
    void valueOutsideAllowedValuesNamesTheRule() {
        assertEquals("Parameter \"Operation\" value \"scan\" is not one of its allowedValues: Scan, Install.",
                rejected("AWS-RunPatchBaseline", Map.of("Operation", List.of("scan"))).getMessage());
        rejected("AWS-GatherSoftwareInventory", Map.of("applications", List.of("Yes")));
        accepted("AWS-RunPatchBaseline", Map.of("Operation", List.of("Scan"), "RebootOption", List.of("NoReboot")));
    }

    @Test
    void valueNotMatchingAllowedPatternNamesThePattern() {
        String message = rejected("AWS-RunShellScript", Map.of("commands", List.of("ls"),
                "executionTimeout", List.of("abc"))).getMessage();
        assertEquals(true, message.startsWith("Parameter \"executionTimeout\" value \"abc\" does not match its "
                + "allowedPattern "), message);
        rejected("AWS-RunShellScript", Map.of("commands", List.of("ls"), "executionTimeout", List.of("172801")));
        rejected("AWS-RunPatchBaseline", Map.of("Operation", List.of("Install"), "SnapshotId", List.of("not-a-guid")));
        rejected("AWS-ConfigureAWSPackage", Map.of("action", List.of("Install"), "name", List.of("bad name!")));
    }

    @Test
    void valuesMatchingAllowedPatternAreAccepted() {
        accepted("AWS-RunShellScript", Map.of("commands", List.of("ls", "pwd"), "executionTimeout", List.of("172800")));
        accepted("AWS-RunPatchBaseline", Map.of("Operation", List.of("Install"),
                "SnapshotId", List.of("12345699-9405-4f69-bc5e-9315a0123456"),
                "InstallOverrideList", List.of("s3://bucket/my-windows-override-list.yaml"),
                "BaselineOverride", List.of("")));
    }

    @Test
    void nullValueInListIsRejectedRatherThanCrashing() {
        Map<String, List<String>> parameters = new HashMap<>();
        parameters.put("commands", java.util.Arrays.asList("ls", null));
        assertEquals("Parameter \"commands\" has a null value.", rejected("AWS-RunShellScript", parameters).getMessage());
    }

    @Test
    void eachDeclaredTypeIsChecked() {
        assertEquals("Parameter \"count\" is of type Integer; \"three\" is not a whole number.",
                typed(Map.of("count", List.of("three"))));
        assertEquals("Parameter \"verbose\" is of type Boolean; \"yes\" is not true or false.",
                typed(Map.of("verbose", List.of("yes"))));
        assertEquals("Parameter \"env\" is of type StringMap; \"a=b\" is not a JSON object.",
                typed(Map.of("env", List.of("a=b"))));
        assertEquals("Parameter \"mounts\" is of type MapList; \"[1]\" is not a JSON object.",
                typed(Map.of("mounts", List.of("{\"a\":\"b\"}", "[1]"))));
        assertEquals("Parameter \"mode\" is of type String and takes one value; 2 were given.",
                typed(Map.of("mode", List.of("fast", "slow"))));
    }

    @Test
    void declaredBoundsAreChecked() {
        assertEquals("Parameter \"hosts\" has 3 items; maxItems is 2.", typed(Map.of("hosts", List.of("a", "b", "c"))));
        assertEquals("Parameter \"label\" value is 6 characters long; its maxChars is 5.",
                typed(Map.of("label", List.of("abcdef"))));
        assertEquals("Parameter \"label\" value \"\" is shorter than its minChars, 1.", typed(Map.of("label", List.of(""))));
        assertEquals("Parameter \"label\" value \"ABC\" does not match its allowedPattern ^[a-z]+$.",
                typed(Map.of("label", List.of("ABC"))));
    }

    @Test
    void wellTypedValuesAndParameterStoreReferencesAreAccepted() {
        accepted("Typed-Parameters", Map.of("script", List.of("echo"), "count", List.of("-3"), "verbose", List.of("true"),
                "env", List.of("{\"A\":\"1\"}"), "mounts", List.of("{\"a\":1}", "{}"), "hosts", List.of("a", "b"),
                "label", List.of("{{ssm:my-label}}")));
    }

    @Test
    void checkAssociationResolvesDocumentBeforeParameters() {
        SsmException unknown = assertThrows(SsmException.class,
                () -> documents.checkAssociation(TENANT, "AWS-Nope", null, Map.of("x", List.of("y"))));
        assertEquals(ErrorCodes.INVALID_DOCUMENT, unknown.code());
        SsmException version = assertThrows(SsmException.class,
                () -> documents.checkAssociation(TENANT, "AWS-RunShellScript", "3", Map.of("commands", List.of("ls"))));
        assertEquals(ErrorCodes.INVALID_DOCUMENT_VERSION, version.code());
        SsmException parameters = assertThrows(SsmException.class, () -> documents.checkAssociation(TENANT,
                "arn:aws:ssm:us-east-1::document/AWS-RunShellScript", "$LATEST", Map.of()));
        assertEquals(ErrorCodes.INVALID_PARAMETERS, parameters.code());
        assertDoesNotThrow(() -> documents.checkAssociation(TENANT, "AWS-RunShellScript", "$DEFAULT",
                Map.of("commands", List.of("echo hi"))));
    }
}
