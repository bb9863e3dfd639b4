package steward.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static steward.document.DocumentOperationTesting.CALL;
import static steward.document.DocumentOperationTesting.call;
import static steward.document.DocumentOperationTesting.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.CallContext;
import steward.protocol.Operation;
import steward.tenant.Tenant;

class ListDocumentsTest {
    private final Operation list = DocumentOperationTesting.operations().get("ListDocuments");
    private final List<String> allNames = DocumentCatalogue.builtIn().all().stream().map(DocumentVersion::name).toList();

    private static ObjectNode filter(ObjectNode input, String key, String... values) {
        ArrayNode filters = input.has("Filters") ? (ArrayNode) input.get("Filters") : input.putArray("Filters");
        ObjectNode filter = filters.addObject().put("Key", key);
        ArrayNode array = filter.putArray("Values");
        for (String value : values) {
            array.add(value);
        }
        return input;
    }

    private static ObjectNode legacy(ObjectNode input, String key, String value) {
        ArrayNode filters = input.has("DocumentFilterList")
                ? (ArrayNode) input.get("DocumentFilterList") : input.putArray("DocumentFilterList");
        filters.addObject().put("key", key).put("value", value);
        return input;
    }

    private List<String> names(JsonNode input) {
        List<String> names = new ArrayList<>();
        call(list, input).get("DocumentIdentifiers").forEach(d -> names.add(d.get("Name").asText()));
        return names;
    }

    @Test
    void listsEveryDocumentInNameOrderWithoutToken() {
        JsonNode answer = call(list, input());
        assertFalse(answer.has("NextToken"));
        assertEquals(allNames, names(input()));
    }

    @Test
    void identifierCarriesAwsMembers() {
        JsonNode shell = call(list, filter(input(), "Name", "AWS-RunShellScript")).get("DocumentIdentifiers").get(0);
        List<String> members = new ArrayList<>();
        shell.fieldNames().forEachRemaining(members::add);
        assertEquals(List.of("Name", "CreatedDate", "Owner", "PlatformTypes", "DocumentVersion", "DocumentType",
                "SchemaVersion", "DocumentFormat", "Tags"), members);
        assertEquals("Amazon", shell.get("Owner").asText());
        assertEquals("1.2", shell.get("SchemaVersion").asText());
        assertEquals(0, shell.get("Tags").size());
        assertEquals("Linux", shell.get("PlatformTypes").get(0).asText());
    }

    @Test
    void maxResultsOneWalksEveryDocumentExactlyOnce() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ObjectNode input = input().put("MaxResults", 1);
            if (token != null) {
                input.put("NextToken", token);
            }
            JsonNode page = call(list, input);
            assertEquals(1, page.get("DocumentIdentifiers").size());
            seen.add(page.get("DocumentIdentifiers").get(0).get("Name").asText());
            token = page.path("NextToken").asText(null);
            pages++;
        } while (token != null && pages <= allNames.size());
        assertEquals(allNames, seen);
        assertEquals(allNames.size(), pages, "last page carries no token");
    }

    @Test
    void tokenFromFilteredListingWalksOnlyMatchingDocuments() {
        List<String> windows = names(filter(input(), "PlatformTypes", "Windows"));
        assertTrue(windows.size() > 2, "enough Windows documents to page: " + windows);
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            ObjectNode input = filter(input().put("MaxResults", 2), "PlatformTypes", "Windows");
            if (token != null) {
                input.put("NextToken", token);
            }
            JsonNode page = call(list, input);
            page.get("DocumentIdentifiers").forEach(d -> seen.add(d.get("Name").asText()));
            sizes.add(page.get("DocumentIdentifiers").size());
            token = page.path("NextToken").asText(null);
        } while (token != null && sizes.size() <= windows.size());
        assertEquals(windows, seen);
        List<Integer> expectedSizes = new ArrayList<>(Collections.nCopies(windows.size() / 2, 2));
        if (windows.size() % 2 == 1) {
            expectedSizes.add(1);
        }
        assertEquals(expectedSizes, sizes, "two documents to a page, the last page may hold one");
        assertFalse(seen.contains("AWS-RunShellScript"));
    }

    @Test
    void tamperedTokenIsRejected() {
        String token = call(list, input().put("MaxResults", 1)).get("NextToken").asText();
        String tampered = (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);
        SsmException e = assertThrows(SsmException.class,
                () -> call(list, input().put("MaxResults", 1).put("NextToken", tampered)));
        assertEquals(ErrorCodes.INVALID_NEXT_TOKEN, e.code());
    }

    @Test
    void tokenIsRejectedUnderOtherFiltersOrTenant() {
        String token = call(list, input().put("MaxResults", 1)).get("NextToken").asText();
        SsmException filtered = assertThrows(SsmException.class,
                () -> call(list, filter(input().put("NextToken", token), "Owner", "Amazon")));
        assertEquals(ErrorCodes.INVALID_NEXT_TOKEN, filtered.code());
        CallContext other = new CallContext(new Tenant("444455556666", "eu-west-1"), "AKIDOTHER", "r");
        SsmException tenant = assertThrows(SsmException.class,
                () -> call(list, other, input().put("NextToken", token)));
        assertEquals(ErrorCodes.INVALID_NEXT_TOKEN, tenant.code());
        assertNotNull(call(list, CALL, input().put("NextToken", token)));
    }

    @Test
    void ownerFilterSeparatesAmazonFromSelf() {
        assertEquals(allNames, names(filter(input(), "Owner", "Amazon")));
        assertEquals(allNames, names(filter(input(), "Owner", "All")));
        assertEquals(List.of(), names(filter(input(), "Owner", "Self")));
        assertEquals(List.of(), names(filter(input(), "Owner", "Private")));
        assertEquals(List.of(), names(legacy(input(), "Owner", "Self")));
    }

    @Test
    void ownerFilterWithTwoValuesIsRejected() {
        SsmException e = assertThrows(SsmException.class, () -> names(filter(input(), "Owner", "Self", "Amazon")));
        assertEquals(ErrorCodes.VALIDATION, e.code());
    }

    @Test
    void nameFilterMatchesPrefix() {
        assertEquals(List.of("AWS-RunPatchBaseline", "AWS-RunPowerShellScript", "AWS-RunShellScript"),
                names(filter(input(), "Name", "AWS-Run")));
        assertEquals(List.of("AWS-UpdateSSMAgent"), names(legacy(input(), "Name", "AWS-Update")));
    }

    @Test
    void documentTypeFilterSeparatesPolicyFromCommand() {
        assertEquals(List.of("AWS-GatherSoftwareInventory"), names(filter(input(), "DocumentType", "Policy")));
        List<String> commands = names(legacy(input(), "DocumentType", "Command"));
        assertFalse(commands.contains("AWS-GatherSoftwareInventory"));
        assertTrue(commands.contains("AWS-RunShellScript"));
    }

    @Test
    void platformAndSchemaFiltersCombine() {
        assertEquals(List.of("AWS-RunPowerShellScript", "AWS-UpdateSSMAgent"),
                names(filter(filter(input(), "PlatformTypes", "Windows"), "SchemaVersion", "1.2")));
        assertEquals(List.of("AWS-RunPatchBaseline", "AWS-RunShellScript"),
                names(legacy(filter(input(), "PlatformTypes", "MacOS"), "Name", "AWS-Run")));
    }

    @Test
    void tagAndTargetTypeFiltersMatchNoBuiltInDocument() {
        assertEquals(List.of(), names(filter(input(), "tag:team", "ops")));
        assertEquals(List.of(), names(filter(input(), "TargetType", "/AWS::EC2::Instance")));
    }

    @Test
    void unknownFilterKeyIsInvalidFilterKey() {
        SsmException e = assertThrows(SsmException.class, () -> names(filter(input(), "Colour", "blue")));
        assertEquals(ErrorCodes.INVALID_FILTER_KEY, e.code());
    }

    @Test
    void defaultPageHoldsWholeCatalogue() {
        assertNull(call(list, input()).get("NextToken"));
        assertTrue(50 >= allNames.size());
    }
}
