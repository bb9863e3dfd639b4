package steward.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static steward.document.DocumentOperationTesting.call;
import static steward.document.DocumentOperationTesting.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.Json;
import steward.protocol.Operation;

class DescribeDocumentTest {
    private final Operation describe = DocumentOperationTesting.operations().get("DescribeDocument");

    private JsonNode describe(String name) {
        return call(describe, input().put("Name", name)).get("Document");
    }

    @Test
    void describeDocumentAnswersAwsShapeForRunShellScript() throws Exception {
        JsonNode expected = Json.MAPPER.readTree("""
                {
                  "Hash": "99749de5e62f71e5ebe9a55c2321e2c394796afe7208cff048696541e6f6771e",
                  "HashType": "Sha256",
                  "Name": "AWS-RunShellScript",
                  "Owner": "Amazon",
                  "CreatedDate": 1504128824.432,
                  "Status": "Active",
                  "DocumentVersion": "1",
                  "Description": "Run a shell script or specify the commands to run.",
                  "Parameters": [
                    {"Name": "commands", "Type": "StringList",
                     "Description": "(Required) Specify a shell script or a command to run."},
                    {"Name": "workingDirectory", "Type": "String",
                     "Description": "(Optional) The path to the working directory on your instance.",
                     "DefaultValue": ""},
                    {"Name": "executionTimeout", "Type": "String",
                     "Description": "(Optional) The time in seconds for a command to complete before it is considered to have failed. Default is 3600 (1 hour). Maximum is 172800 (48 hours).",
                     "DefaultValue": "3600"}
                  ],
                  "PlatformTypes": ["Linux", "MacOS"],
                  "DocumentType": "Command",
                  "SchemaVersion": "1.2",
                  "LatestVersion": "1",
                  "DefaultVersion": "1",
                  "DocumentFormat": "JSON",
                  "Tags": []
                }""");
        JsonNode actual = describe("AWS-RunShellScript");
        assertEquals(0, new BigDecimal("1504128824.432").compareTo(actual.get("CreatedDate").decimalValue()));
        ((ObjectNode) expected).put("CreatedDate", 0);
        ObjectNode comparable = actual.deepCopy();
        comparable.put("CreatedDate", 0);
        assertEquals(expected, comparable);
        List<String> order = new ArrayList<>();
        actual.fieldNames().forEachRemaining(order::add);
        List<String> awsOrder = new ArrayList<>();
        expected.fieldNames().forEachRemaining(awsOrder::add);
        assertEquals(awsOrder, order, "members in AWS's order");
    }

    @Test
    void createdDateGoesOutAsEpochSecondsWithMillis() {
        JsonNode created = describe("AWS-RunPowerShellScript").get("CreatedDate");
        assertTrue(created.isNumber());
        assertEquals(new BigDecimal("1504128875.4"), created.decimalValue().stripTrailingZeros());
    }

    @Test
    void requiredParameterHasNoDefaultValueMember() {
        JsonNode operation = describe("AWS-RunPatchBaseline").get("Parameters").get(0);
        assertEquals("Operation", operation.get("Name").asText());
        assertFalse(operation.has("DefaultValue"));
    }

    @Test
    void mapDefaultIsShownAsJsonText() {
        JsonNode parameters = describe("AWS-ConfigureAWSPackage").get("Parameters");
        assertEquals("additionalArguments", parameters.get(4).get("Name").asText());
        assertEquals("StringMap", parameters.get(4).get("Type").asText());
        assertEquals("{}", parameters.get(4).get("DefaultValue").asText());
    }

    @Test
    void everyDocumentDescribesWithHashOfItsContent() {
        for (DocumentVersion document : DocumentCatalogue.builtIn().all()) {
            JsonNode described = describe(document.name());
            assertEquals(DocumentContent.sha256(document.content()), described.get("Hash").asText());
            assertEquals(document.parameters().size(), described.get("Parameters").size());
            assertFalse(described.has("Sha1"), "AWS sends Sha1 only for documents hashed with it");
        }
    }

    @Test
    void policyDocumentIsDescribedAsPolicy() {
        JsonNode inventory = describe("AWS-GatherSoftwareInventory");
        assertEquals("Policy", inventory.get("DocumentType").asText());
        assertEquals("2.0", inventory.get("SchemaVersion").asText());
    }

    @Test
    void arnNameIsAnsweredWithPlainName() {
        assertEquals("AWS-UpdateSSMAgent", describe("arn:aws:ssm:eu-west-1::document/AWS-UpdateSSMAgent").get("Name").asText());
    }

    @Test
    void unknownDocumentIsInvalidDocument() {
        SsmException e = assertThrows(SsmException.class, () -> describe("AWS-DoesNotExist"));
        assertEquals(ErrorCodes.INVALID_DOCUMENT, e.code());
    }

    @Test
    void unknownVersionIsInvalidDocumentVersion() {
        SsmException e = assertThrows(SsmException.class,
                () -> call(describe, input().put("Name", "AWS-RunShellScript").put("DocumentVersion", "2")));
        assertEquals(ErrorCodes.INVALID_DOCUMENT_VERSION, e.code());
        assertEquals("1", call(describe, input().put("Name", "AWS-RunShellScript").put("DocumentVersion", "$LATEST"))
                .get("Document").get("DocumentVersion").asText());
    }
}
