package steward.document;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;

class ParameterValidationTest {
    private final DocumentCatalogue catalogue = DocumentCatalogue.builtIn();

    private SsmException rejected(String document, Map<String, List<String>> parameters) {
        Document d = catalogue.find(document, null).orElseThrow();
        SsmException e = assertThrows(SsmException.class, () -> catalogue.validateAssociationParameters(d, parameters));
        assertEquals(ErrorCodes.INVALID_PARAMETERS, e.code());
        return e;
    }

    private void accepted(String document, Map<String, List<String>> parameters) {
        Document d = catalogue.find(document, null).orElseThrow();
        assertDoesNotThrow(() -> catalogue.validateAssociationParameters(d, parameters));
    }

    @Test
    void undeclaredParameterIsRejected() {
        SsmException e = rejected("AWS-RunShellScript", Map.of("commands", List.of("ls"), "command", List.of("ls")));
        assertEquals("document AWS-RunShellScript does not support parameters.", e.getMessage());
    }

    @Test
    void missingRequiredParameterIsNamed() {
        SsmException e = rejected("AWS-RunShellScript", Map.of("workingDirectory", List.of("/tmp")));
        assertEquals("Parameter \"commands\" requires a value.", e.getMessage());
    }

    @Test
    void emptyValueListDoesNotSatisfyRequiredParameter() {
        SsmException e = rejected("AWS-RunPatchBaseline", Map.of("Operation", List.of()));
        assertEquals("Parameter \"Operation\" requires a value.", e.getMessage());
    }

    @Test
    void absentParametersAreFineWhenEveryParameterHasDefault() {
        accepted("AWS-GatherSoftwareInventory", Map.of());
        accepted("AWS-UpdateSSMAgent", null);
    }

    @Test
    void missingRequiredParameterIsRejectedWhenNoParametersAreGiven() {
        SsmException e = rejected("AWS-ConfigureAWSPackage", null);
        assertEquals("Parameter \"action\" requires a value.", e.getMessage());
    }

    @Test
    void valueOutsideAllowedValuesIsRejected() {
        SsmException e = rejected("AWS-RunPatchBaseline", Map.of("Operation", List.of("scan")));
        assertEquals("document AWS-RunPatchBaseline does not support parameters.", e.getMessage());
        rejected("AWS-GatherSoftwareInventory", Map.of("applications", List.of("Yes")));
        accepted("AWS-RunPatchBaseline", Map.of("Operation", List.of("Scan"), "RebootOption", List.of("NoReboot")));
    }

    @Test
    void valueNotMatchingAllowedPatternIsRejected() {
        rejected("AWS-RunShellScript", Map.of("commands", List.of("ls"), "executionTimeout", List.of("172801")));
        rejected("AWS-RunShellScript", Map.of("commands", List.of("ls"), "executionTimeout", List.of("abc")));
        rejected("AWS-RunPatchBaseline", Map.of("Operation", List.of("Install"), "SnapshotId", List.of("not-a-guid")));
        rejected("AWS-RunPatchBaseline",
                Map.of("Operation", List.of("Install"), "InstallOverrideList", List.of("ftp://x/list.yaml")));
        rejected("AWS-ConfigureAWSPackage", Map.of("action", List.of("Install"), "name", List.of("bad name!")));
    }

    @Test
    void valuesMatchingAllowedPatternAreAccepted() {
        accepted("AWS-RunShellScript", Map.of("commands", List.of("ls", "pwd"), "executionTimeout", List.of("172800")));
        accepted("AWS-RunPatchBaseline", Map.of("Operation", List.of("Install"),
                "SnapshotId", List.of("12345699-9405-4f69-bc5e-9315a0123456"),
                "InstallOverrideList", List.of("s3://bucket/my-windows-override-list.yaml"),
                "BaselineOverride", List.of("")));
        accepted("AWS-ConfigureAWSPackage", Map.of("action", List.of("Install"),
                "name", List.of("AmazonCloudWatchAgent"), "additionalArguments", List.of("{}")));
    }

    @Test
    void nullValueInListIsRejectedRatherThanCrashing() {
        Map<String, List<String>> parameters = new HashMap<>();
        parameters.put("commands", java.util.Arrays.asList("ls", null));
        rejected("AWS-RunShellScript", parameters);
    }

    @Test
    void checkAssociationResolvesDocumentBeforeParameters() {
        SsmException unknown = assertThrows(SsmException.class,
                () -> catalogue.checkAssociation("AWS-Nope", null, Map.of("x", List.of("y"))));
        assertEquals(ErrorCodes.INVALID_DOCUMENT, unknown.code());
        SsmException version = assertThrows(SsmException.class,
                () -> catalogue.checkAssociation("AWS-RunShellScript", "3", Map.of("commands", List.of("ls"))));
        assertEquals(ErrorCodes.INVALID_DOCUMENT_VERSION, version.code());
        SsmException parameters = assertThrows(SsmException.class,
                () -> catalogue.checkAssociation("arn:aws:ssm:us-east-1::document/AWS-RunShellScript", "$LATEST", Map.of()));
        assertEquals(ErrorCodes.INVALID_PARAMETERS, parameters.code());
        assertDoesNotThrow(() -> catalogue.checkAssociation("AWS-RunShellScript", "$DEFAULT",
                Map.of("commands", List.of("echo hi"))));
    }
}
