package steward.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;

class DocumentCatalogueTest {
    private final DocumentCatalogue catalogue = DocumentCatalogue.builtIn();

    private DocumentVersion doc(String name) {
        return catalogue.find(name).orElseThrow();
    }

    /** name, type, default (null = required); the order the document declares them in. */
    private static void assertParameters(DocumentVersion document, String... expected) {
        List<String> actual = document.parameters().stream()
                .map(p -> p.name() + "|" + p.type() + "|" + p.defaultText())
                .toList();
        assertEquals(List.of(expected), actual, document.name());
    }

    @Test
    void catalogueIsLoadedOnceAndShared() {
        assertSame(DocumentCatalogue.builtIn(), DocumentCatalogue.builtIn());
    }

    @Test
    void everyRequiredAwsDocumentIsInTheCatalogue() {
        List<String> names = catalogue.all().stream().map(DocumentVersion::name).toList();
        assertTrue(names.containsAll(List.of("AWS-RunShellScript", "AWS-RunPowerShellScript",
                "AWS-UpdateSSMAgent", "AWS-GatherSoftwareInventory", "AWS-ConfigureAWSPackage",
                "AWS-RunPatchBaseline")), names.toString());
        assertEquals(names.stream().sorted().toList(), names, "listed in name order");
    }

    @Test
    void shellScriptDocumentsAreByteForByteWhatAwsServes() {
        // AWS's DescribeDocument reports these hashes for its own content.
        assertEquals("99749de5e62f71e5ebe9a55c2321e2c394796afe7208cff048696541e6f6771e",
                doc("AWS-RunShellScript").hash());
        assertEquals("2142e42a19e0955cc09e43600bf2e633df1917b69d2be9693737dfd62e0fdf61",
                doc("AWS-RunPowerShellScript").hash());
        assertEquals(Instant.parse("2017-08-30T21:33:44.432Z"), doc("AWS-RunShellScript").createdDate());
    }

    @Test
    void runShellScriptDeclaresAwsParameters() {
        DocumentVersion d = doc("AWS-RunShellScript");
        assertParameters(d, "commands|StringList|null", "workingDirectory|String|", "executionTimeout|String|3600");
        assertEquals("1.2", d.schemaVersion());
        assertEquals(List.of("Linux", "MacOS"), d.platformTypes());
        assertEquals("aws:runShellScript", d.steps().get(0).action());
        assertEquals("{{ commands }}", d.steps().get(0).inputs().get("runCommand").asText());
    }

    @Test
    void runPowerShellScriptRunsOnWindowsAndLinux() {
        DocumentVersion d = doc("AWS-RunPowerShellScript");
        assertParameters(d, "commands|StringList|null", "workingDirectory|String|", "executionTimeout|String|3600");
        assertEquals(List.of("Windows", "Linux"), d.platformTypes());
    }

    @Test
    void updateSsmAgentHasOnlyOptionalParameters() {
        DocumentVersion d = doc("AWS-UpdateSSMAgent");
        assertParameters(d, "version|String|", "allowDowngrade|String|false");
        assertEquals(List.of("true", "false"), d.parameter("allowDowngrade").orElseThrow().allowedValues());
        assertEquals("aws:updateSsmAgent", d.steps().get(0).action());
    }

    @Test
    void gatherSoftwareInventoryIsThePolicyDocumentWithEveryCollector() {
        DocumentVersion d = doc("AWS-GatherSoftwareInventory");
        assertEquals("Policy", d.documentType());
        assertEquals("2.0", d.schemaVersion());
        assertParameters(d, "applications|String|Enabled", "awsComponents|String|Enabled", "files|String|",
                "networkConfig|String|Enabled", "windowsUpdates|String|Enabled",
                "instanceDetailedInformation|String|Enabled", "services|String|Enabled", "windowsRegistry|String|",
                "windowsRoles|String|Enabled", "customInventory|String|Enabled", "billingInfo|String|Enabled");
        assertEquals("aws:softwareInventory", d.steps().get(0).action());
        assertEquals(List.of("Windows", "Linux", "MacOS"), d.platformTypes());
    }

    @Test
    void configureAwsPackageRequiresActionAndName() {
        DocumentVersion d = doc("AWS-ConfigureAWSPackage");
        assertParameters(d, "action|String|null", "installationType|String|Uninstall and reinstall",
                "name|String|null", "version|String|", "additionalArguments|StringMap|{}");
        assertEquals("aws:configurePackage", d.steps().get(0).action());
    }

    @Test
    void runPatchBaselineHasOnePreconditionedStepPerPlatform() {
        DocumentVersion d = doc("AWS-RunPatchBaseline");
        assertParameters(d, "Operation|String|null", "SnapshotId|String|", "InstallOverrideList|String|",
                "BaselineOverride|String|", "RebootOption|String|RebootIfNeeded");
        Map<String, String> platformByStep = d.steps().stream()
                .collect(Collectors.toMap(DocumentStep::name, DocumentStep::platformType));
        assertEquals(Map.of("PatchWindows", "Windows", "PatchLinux", "Linux", "PatchMacOS", "MacOS"), platformByStep);
        assertEquals(List.of("Windows", "Linux", "MacOS"), d.platformTypes());
    }

    @Test
    void plainNamesPassThroughArnParsing() {
        assertEquals("AWS-RunShellScript", DocumentArn.nameOf("AWS-RunShellScript"));
        assertEquals("AWS-RunShellScript", DocumentArn.nameOf("arn:aws:ssm:us-east-1::document/AWS-RunShellScript"));
    }

    @Test
    void amazonArnsResolveToTheNamedDocumentAndAccountArnsDoNot() {
        assertEquals("AWS-RunShellScript",
                catalogue.find("arn:aws:ssm:eu-west-1::document/AWS-RunShellScript").orElseThrow().name());
        assertTrue(catalogue.find("arn:aws-cn:ssm:cn-north-1::document/AWS-RunPatchBaseline").isPresent());
        assertFalse(catalogue.find("arn:aws:ssm:eu-west-1:123456789012:document/AWS-RunShellScript").isPresent());
        assertFalse(catalogue.find("arn:aws:ssm:eu-west-1::document/Nope").isPresent());
        assertFalse(catalogue.find("arn:aws:ssm:eu-west-1::parameter/AWS-RunShellScript").isPresent());
    }

    @Test
    void everyBuiltInDocumentIsVersionOneOwnedByAmazon() {
        for (DocumentVersion d : catalogue.all()) {
            assertEquals(1, d.version(), d.name());
            assertTrue(d.ownedByAmazon(), d.name());
            assertEquals("JSON", d.documentFormat(), d.name());
        }
    }

    @Test
    void everyBuiltInDocumentPassesTheRulesUserDocumentsMust() {
        for (DocumentVersion d : catalogue.all()) {
            org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> CommandDocumentRules.validate(d.definition()), d.name());
        }
    }

    @Test
    void requiredParametersAreExactlyThoseWithoutDefault() {
        Map<String, List<String>> required = catalogue.all().stream().collect(Collectors.toMap(
                DocumentVersion::name,
                d -> d.parameters().stream().filter(DocumentParameter::required).map(DocumentParameter::name).toList()));
        assertEquals(List.of("commands"), required.get("AWS-RunShellScript"));
        assertEquals(List.of("Operation"), required.get("AWS-RunPatchBaseline"));
        assertEquals(List.of("action", "name"), required.get("AWS-ConfigureAWSPackage"));
        assertEquals(List.of(), required.get("AWS-UpdateSSMAgent"));
        assertEquals(List.of(), required.get("AWS-GatherSoftwareInventory"));
    }

    @Test
    void catalogueOfGivenDocumentsKeepsOnlyThose() {
        DocumentCatalogue one = new DocumentCatalogue(List.of(doc("AWS-UpdateSSMAgent")));
        assertEquals(List.of("AWS-UpdateSSMAgent"), one.all().stream().map(DocumentVersion::name).toList());
        assertNull(one.find("AWS-RunShellScript").orElse(null));
    }
}
