package steward.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CreateDocumentResponse;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentIdentifier;
import software.amazon.awssdk.services.ssm.model.DocumentKeyValuesFilter;
import software.amazon.awssdk.services.ssm.model.DocumentVersionInfo;
import software.amazon.awssdk.services.ssm.model.GetDocumentResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;
import steward.testing.TestServer;

/**
 * Documents users write, through the AWS SDK for Java v2 with retries off: every document
 * operation and every error it can answer, versions and the default version, YAML both ways,
 * paging, tags, quotas, and sharing between accounts.
 */
class DocumentLifecycleEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = TestServer.REGION;
    private static TestServer server;
    private static SsmClient ssm;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ssm = client(freshAccount());
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    static String freshAccount() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    static SsmClient client(String accessKey) {
        return SsmClient.builder().endpointOverride(server.endpoint()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static String command(String echo) {
        return """
                {"schemaVersion": "2.2",
                 "description": "Says %s",
                 "parameters": {"greeting": {"type": "String", "default": "hello", "allowedPattern": "^[a-z ]+$"}},
                 "mainSteps": [{"action": "aws:runShellScript", "name": "say",
                                "inputs": {"runCommand": ["echo {{ greeting }} %s"]}}]}""".formatted(echo, echo);
    }

    private static SsmException error(Supplier<?> call) {
        return assertThrows(SsmException.class, call::get);
    }

    private static void assertError(String code, String messagePart, Supplier<?> call) {
        SsmException e = error(call);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertTrue(e.awsErrorDetails().errorMessage().contains(messagePart), e.awsErrorDetails().errorMessage());
    }

    @Test
    void documentLivesThroughVersionsDefaultVersionAndDeletion() {
        CreateDocumentResponse created = ssm.createDocument(r -> r.name("Life-Cycle").content(command("one"))
                .documentType("Command").versionName("first").displayName("Life cycle")
                .tags(Tag.builder().key("team").value("ops").build()));
        DocumentDescription d = created.documentDescription();
        assertEquals("Creating", d.statusAsString());
        assertEquals("1", d.documentVersion());
        assertEquals("1", d.latestVersion());
        assertEquals("1", d.defaultVersion());
        assertEquals("first", d.versionName());
        assertEquals("Life cycle", d.displayName());
        assertEquals(DocumentContent.sha256(command("one")), d.hash());
        assertEquals("Sha256", d.hashTypeAsString());
        assertEquals("2.2", d.schemaVersion());
        assertEquals(List.of("Linux", "MacOS"), d.platformTypesAsStrings());
        assertEquals("Says one", d.description());
        assertEquals("greeting", d.parameters().get(0).name());
        assertEquals("hello", d.parameters().get(0).defaultValue());
        assertEquals(List.of(Tag.builder().key("team").value("ops").build()), d.tags());
        assertTrue(d.owner().matches("[0-9]{12}"), d.owner());
        assertEquals("Active", ssm.describeDocument(r -> r.name("Life-Cycle")).document().statusAsString());

        assertError("DuplicateDocumentContent", "same", () -> ssm.updateDocument(r -> r.name("Life-Cycle")
                .content(command("one")).documentVersion("$LATEST")));
        assertError("DuplicateDocumentVersionName", "first", () -> ssm.updateDocument(r -> r.name("Life-Cycle")
                .content(command("two")).versionName("first")));
        DocumentDescription two = ssm.updateDocument(r -> r.name("Life-Cycle").content(command("two"))
                .documentVersion("1").versionName("second")).documentDescription();
        assertEquals("Updating", two.statusAsString());
        assertEquals("2", two.documentVersion());
        assertEquals("2", two.latestVersion());
        assertEquals("1", two.defaultVersion());
        assertEquals("Life cycle", two.displayName(), "an update without DisplayName keeps it");
        assertError("InvalidDocumentVersion", "not the latest", () -> ssm.updateDocument(r -> r.name("Life-Cycle")
                .content(command("three")).documentVersion("1")));
        assertError("InvalidDocumentVersion", "", () -> ssm.updateDocument(r -> r.name("Life-Cycle")
                .content(command("three")).documentVersion("$DEFAULT")));

        assertEquals(command("one"), ssm.getDocument(r -> r.name("Life-Cycle")).content(), "$DEFAULT is version 1");
        assertEquals(command("two"), ssm.getDocument(r -> r.name("Life-Cycle").documentVersion("$LATEST")).content());
        assertEquals(command("two"), ssm.getDocument(r -> r.name("Life-Cycle").versionName("second")).content());
        assertEquals("1", ssm.describeDocument(r -> r.name("Life-Cycle").versionName("first")).document().documentVersion());
        assertError("InvalidDocumentVersion", "", () -> ssm.getDocument(r -> r.name("Life-Cycle").documentVersion("9")));
        assertError("InvalidDocumentVersion", "", () -> ssm.getDocument(r -> r.name("Life-Cycle").versionName("nope")));
        assertError("InvalidDocumentVersion", "", () -> ssm.getDocument(r -> r.name("Life-Cycle")
                .documentVersion("1").versionName("second")));

        var moved = ssm.updateDocumentDefaultVersion(r -> r.name("Life-Cycle").documentVersion("2")).description();
        assertEquals("2", moved.defaultVersion());
        assertEquals("second", moved.defaultVersionName());
        assertEquals(command("two"), ssm.getDocument(r -> r.name("Life-Cycle")).content());
        assertError("InvalidDocumentVersion", "", () -> ssm.updateDocumentDefaultVersion(r -> r.name("Life-Cycle")
                .documentVersion("7")));
        assertError("InvalidDocument", "does not exist", () -> ssm.updateDocumentDefaultVersion(r -> r.name("No-Such-Doc")
                .documentVersion("1")));

        List<DocumentVersionInfo> versions = ssm.listDocumentVersions(r -> r.name("Life-Cycle")).documentVersions();
        assertEquals(List.of("1", "2"), versions.stream().map(DocumentVersionInfo::documentVersion).toList());
        assertEquals(List.of(false, true), versions.stream().map(DocumentVersionInfo::isDefaultVersion).toList());
        assertEquals(List.of("first", "second"), versions.stream().map(DocumentVersionInfo::versionName).toList());

        assertError("InvalidDocumentOperation", "default version", () -> ssm.deleteDocument(r -> r.name("Life-Cycle")
                .documentVersion("2")));
        ssm.deleteDocument(r -> r.name("Life-Cycle").versionName("first"));
        assertEquals(List.of("2"), ssm.listDocumentVersions(r -> r.name("Life-Cycle")).documentVersions().stream()
                .map(DocumentVersionInfo::documentVersion).toList());
        assertError("InvalidDocument", "", () -> ssm.deleteDocument(r -> r.name("Life-Cycle").documentVersion("1")));

        ssm.deleteDocument(r -> r.name("Life-Cycle"));
        for (Supplier<?> gone : List.<Supplier<?>>of(
                () -> ssm.describeDocument(r -> r.name("Life-Cycle")),
                () -> ssm.getDocument(r -> r.name("Life-Cycle")),
                () -> ssm.listDocumentVersions(r -> r.name("Life-Cycle")),
                () -> ssm.updateDocument(r -> r.name("Life-Cycle").content(command("x"))),
                () -> ssm.deleteDocument(r -> r.name("Life-Cycle")),
                () -> ssm.describeDocumentPermission(r -> r.name("Life-Cycle").permissionType("Share")))) {
            assertError("InvalidDocument", "The specified document does not exist.", gone);
        }
        assertError("InvalidResourceId", "", () -> ssm.listTagsForResource(r -> r.resourceType("Document")
                .resourceId("Life-Cycle")));
    }

    @Test
    void namesAndContentAreCheckedWithMessagesThatSayWhere() {
        for (String reserved : List.of("AWS-Mine", "aws-mine", "Amazon.Mine", "AMZN_x", "amznDoc")) {
            assertError("ValidationException", "reserved", () -> ssm.createDocument(r -> r.name(reserved)
                    .content(command("x"))));
        }
        assertError("ValidationException", "name", () -> ssm.createDocument(r -> r.name("no spaces").content(command("x"))));
        ssm.createDocument(r -> r.name("Taken-Name").content(command("x")));
        assertError("DocumentAlreadyExists", "Taken-Name", () -> ssm.createDocument(r -> r.name("Taken-Name")
                .content(command("y"))));
        String big = "{\"schemaVersion\":\"2.2\",\"description\":\"" + "x".repeat(70_000) + "\",\"mainSteps\":[]}";
        assertError("MaxDocumentSizeExceeded", "64 KB", () -> ssm.createDocument(r -> r.name("Too-Big").content(big)));
        assertError("InvalidDocumentContent", "not valid JSON", () -> ssm.createDocument(r -> r.name("Bad-Json")
                .content("{\"schemaVersion\": ")));
        assertError("InvalidDocumentSchemaVersion", "3.0", () -> ssm.createDocument(r -> r.name("Bad-Schema")
                .content("{\"schemaVersion\":\"3.0\",\"mainSteps\":[]}")));
        assertError("InvalidDocumentContent", "mainSteps[0].action: aws:runShelScript is not a plugin",
                () -> ssm.createDocument(r -> r.name("Bad-Plugin").content(command("x")
                        .replace("aws:runShellScript", "aws:runShelScript"))));
        assertError("InvalidDocumentContent", "runtimeConfig is missing", () -> ssm.createDocument(r -> r.name("Bad-12")
                .content("{\"schemaVersion\":\"1.2\"}")));
        assertError("InvalidDocumentContent", "mainSteps[1].name \"say\" is used by an earlier step",
                () -> ssm.createDocument(r -> r.name("Two-Says").content("""
                        {"schemaVersion":"2.2","mainSteps":[
                          {"action":"aws:runShellScript","name":"say","inputs":{"runCommand":["a"]}},
                          {"action":"aws:runPowerShellScript","name":"say","inputs":{"runCommand":["b"]}}]}""")));
        assertError("InvalidDocumentContent", "Parameter \"who\" is referenced at mainSteps[0].inputs.runCommand[0] but not declared",
                () -> ssm.createDocument(r -> r.name("Undeclared").content(command("x").replace("{{ greeting }}", "{{ who }}"))));
        assertError("InvalidDocumentContent", "parameters.greeting.type Text is not valid",
                () -> ssm.createDocument(r -> r.name("Bad-Type").content(command("x").replace("\"String\"", "\"Text\""))));
        assertError("InvalidDocumentContent", "parameters.greeting.default 5 is not a value of type String",
                () -> ssm.createDocument(r -> r.name("Bad-Default").content(command("x").replace("\"hello\"", "5"))));
        assertError("InvalidDocumentContent", "mainSteps[0].inputs.runCommand is missing: aws:runShellScript needs runCommand",
                () -> ssm.createDocument(r -> r.name("No-Command").content(command("x")
                        .replace("\"runCommand\"", "\"runCommands\""))));
        assertError("InvalidDocumentContent", "TEXT is not supported", () -> ssm.createDocument(r -> r.name("Text-Cmd")
                .content("echo hi").documentFormat(DocumentFormat.TEXT)));
        List<String> kept = ssm.listDocumentsPaginator(r -> r.filters(DocumentKeyValuesFilter.builder().key("Owner")
                .values("Self").build())).documentIdentifiers().stream().map(DocumentIdentifier::name).toList();
        for (String refused : List.of("Too-Big", "Bad-Json", "Bad-Schema", "Bad-Plugin", "Bad-12", "Two-Says", "Undeclared",
                "Bad-Type", "Bad-Default", "Text-Cmd", "No-Command")) {
            assertFalse(kept.contains(refused), "refused documents are not kept: " + refused);
        }
        assertTrue(kept.contains("Taken-Name"));
    }

    @Test
    void schemaOneTwoAndOtherTypesAreStoredAndServed() {
        String oneTwo = """
                {"schemaVersion":"1.2","description":"Old style","parameters":{"commands":{"type":"StringList"}},
                 "runtimeConfig":{"aws:runPowerShellScript":{"properties":[{"id":"0.aws:runPowerShellScript",
                 "runCommand":"{{ commands }}"}]}}}""";
        DocumentDescription d = ssm.createDocument(r -> r.name("Old-Style").content(oneTwo)).documentDescription();
        assertEquals("1.2", d.schemaVersion());
        assertEquals(List.of("Windows", "Linux"), d.platformTypesAsStrings());
        String automation = "{\"schemaVersion\":\"0.3\",\"mainSteps\":[{\"name\":\"s\",\"action\":\"aws:sleep\","
                + "\"inputs\":{\"Duration\":\"PT1S\"}}]}";
        DocumentDescription a = ssm.createDocument(r -> r.name("My-Automation").content(automation)
                .documentType("Automation").targetType("/AWS::EC2::Instance")).documentDescription();
        assertEquals("Automation", a.documentTypeAsString());
        assertEquals("/AWS::EC2::Instance", a.targetType());
        assertEquals(automation, ssm.getDocument(r -> r.name("My-Automation")).content());
        String calendar = "BEGIN:VCALENDAR\nEND:VCALENDAR\n";
        ssm.createDocument(r -> r.name("My-Text").content(calendar).documentType("ApplicationConfiguration")
                .documentFormat(DocumentFormat.TEXT));
        GetDocumentResponse text = ssm.getDocument(r -> r.name("My-Text"));
        assertEquals(calendar, text.content());
        assertEquals("TEXT", text.documentFormatAsString());
        assertError("ValidationException", "Invalid document format", () -> ssm.getDocument(r -> r.name("My-Text")
                .documentFormat(DocumentFormat.JSON)));
        List<String> automations = ssm.listDocumentsPaginator(r -> r.filters(DocumentKeyValuesFilter.builder()
                .key("DocumentType").values("Automation").build())).documentIdentifiers().stream()
                .map(DocumentIdentifier::name).toList();
        assertEquals(List.of("My-Automation"), automations);
        assertEquals(List.of("My-Automation"), names(DocumentKeyValuesFilter.builder().key("TargetType")
                .values("/AWS::EC2::Instance").build()));
        List<String> schemaOneTwo = names(DocumentKeyValuesFilter.builder().key("SchemaVersion").values("1.2").build(),
                DocumentKeyValuesFilter.builder().key("Owner").values("Self").build());
        assertTrue(schemaOneTwo.contains("Old-Style") && !schemaOneTwo.contains("My-Automation"), schemaOneTwo.toString());
        assertTrue(names(DocumentKeyValuesFilter.builder().key("PlatformTypes").values("Windows").build(),
                DocumentKeyValuesFilter.builder().key("Owner").values("Self").build()).contains("Old-Style"));
        assertFalse(names(DocumentKeyValuesFilter.builder().key("PlatformTypes").values("Windows").build(),
                DocumentKeyValuesFilter.builder().key("Owner").values("Self").build()).contains("Taken-Name"));
    }

    private static List<String> names(DocumentKeyValuesFilter... filters) {
        return ssm.listDocumentsPaginator(r -> r.filters(filters)).documentIdentifiers().stream()
                .map(DocumentIdentifier::name).toList();
    }

    @Test
    void yamlIsStoredAsWrittenAndConvertedBothWays() throws Exception {
        String yaml = """
                schemaVersion: '2.2'
                description: Written in YAML
                parameters:
                  greeting:
                    type: String
                    default: "yes"
                mainSteps:
                  - action: aws:runShellScript
                    name: say
                    inputs:
                      runCommand:
                        - echo {{ greeting }}
                """;
        DocumentDescription d = ssm.createDocument(r -> r.name("Yaml-Doc").content(yaml)
                .documentFormat(DocumentFormat.YAML)).documentDescription();
        assertEquals("YAML", d.documentFormatAsString());
        assertEquals(DocumentContent.sha256(yaml), d.hash());
        assertEquals("yes", d.parameters().get(0).defaultValue(), "a quoted YAML yes stays a string");
        assertEquals(yaml, ssm.getDocument(r -> r.name("Yaml-Doc")).content(), "served byte for byte");
        assertEquals(yaml, ssm.getDocument(r -> r.name("Yaml-Doc").documentFormat(DocumentFormat.YAML)).content());
        String asJson = ssm.getDocument(r -> r.name("Yaml-Doc").documentFormat(DocumentFormat.JSON)).content();
        JsonNode fromYaml = new YAMLMapper().readTree(yaml);
        assertEquals(fromYaml, JSON.readTree(asJson));
        String builtInYaml = ssm.getDocument(r -> r.name("AWS-RunShellScript").documentFormat(DocumentFormat.YAML)).content();
        assertEquals(JSON.readTree(ssm.getDocument(r -> r.name("AWS-RunShellScript")).content()),
                new YAMLMapper().readTree(builtInYaml), "JSON to YAML keeps every value");
        // And back: a document written as the YAML of a JSON one describes the same.
        ssm.createDocument(r -> r.name("Yaml-Copy").content(builtInYaml).documentFormat(DocumentFormat.YAML));
        DocumentDescription copy = ssm.describeDocument(r -> r.name("Yaml-Copy")).document();
        DocumentDescription original = ssm.describeDocument(r -> r.name("AWS-RunShellScript")).document();
        assertEquals(original.parameters(), copy.parameters());
        assertEquals(original.platformTypes(), copy.platformTypes());
        assertError("InvalidDocumentContent", "not valid YAML", () -> ssm.createDocument(r -> r.name("Bad-Yaml")
                .content("a: [unclosed").documentFormat(DocumentFormat.YAML)));
    }

    @Test
    void paginatorsWalkEveryDocumentAndVersionOnce() {
        try (SsmClient own = client(freshAccount())) {
            for (int i = 0; i < 7; i++) {
                int n = i;
                own.createDocument(r -> r.name("Page-" + n).content(command("p" + n))
                        .tags(Tag.builder().key("parity").value(n % 2 == 0 ? "even" : "odd").build()));
            }
            for (int v = 2; v <= 5; v++) {
                int n = v;
                own.updateDocument(r -> r.name("Page-0").content(command("v" + n)).documentVersion("$LATEST"));
            }
            DocumentKeyValuesFilter self = DocumentKeyValuesFilter.builder().key("Owner").values("Self").build();
            List<String> names = new ArrayList<>();
            int pages = 0;
            for (var page : own.listDocumentsPaginator(r -> r.maxResults(2).filters(self))) {
                names.addAll(page.documentIdentifiers().stream().map(DocumentIdentifier::name).toList());
                pages++;
            }
            assertEquals(List.of("Page-0", "Page-1", "Page-2", "Page-3", "Page-4", "Page-5", "Page-6"), names);
            assertEquals(4, pages);
            List<String> versions = own.listDocumentVersionsPaginator(r -> r.name("Page-0").maxResults(2))
                    .documentVersions().stream().map(DocumentVersionInfo::documentVersion).toList();
            assertEquals(List.of("1", "2", "3", "4", "5"), versions);
            List<String> odd = own.listDocumentsPaginator(r -> r.maxResults(1).filters(DocumentKeyValuesFilter.builder()
                    .key("tag:parity").values("odd").build())).documentIdentifiers().stream().map(DocumentIdentifier::name)
                    .toList();
            assertEquals(List.of("Page-1", "Page-3", "Page-5"), odd);
            assertEquals(7, own.listDocuments(r -> r.filters(DocumentKeyValuesFilter.builder().key("tag-key")
                    .values("parity").build())).documentIdentifiers().size());
            assertEquals(List.of("Page-3"), own.listDocuments(r -> r.filters(DocumentKeyValuesFilter.builder()
                    .key("SearchKeyword").values("says p3").build())).documentIdentifiers().stream()
                    .map(DocumentIdentifier::name).toList());
            assertEquals("5", own.listDocuments(r -> r.filters(DocumentKeyValuesFilter.builder().key("Name")
                    .values("Page-0").build())).documentIdentifiers().get(0).documentVersion().equals("1") ? "5" : "x",
                    "ListDocuments shows the default version");
            assertError("InvalidNextToken", "", () -> own.listDocuments(r -> r.nextToken("garbage")));
            assertError("InvalidFilterKey", "", () -> own.listDocuments(r -> r.filters(DocumentKeyValuesFilter.builder()
                    .key("Colour").values("red").build())));
        }
    }

    @Test
    void tagsOnDocumentsAreAddedListedAndRemoved() {
        ssm.createDocument(r -> r.name("Tagged-Doc").content(command("t")));
        ssm.addTagsToResource(r -> r.resourceType("Document").resourceId("Tagged-Doc")
                .tags(Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("2").build()));
        assertEquals(2, ssm.listTagsForResource(r -> r.resourceType("Document").resourceId("Tagged-Doc")).tagList().size());
        ssm.removeTagsFromResource(r -> r.resourceType("Document").resourceId("Tagged-Doc").tagKeys("a"));
        assertEquals(List.of(Tag.builder().key("b").value("2").build()),
                ssm.describeDocument(r -> r.name("Tagged-Doc")).document().tags());
        assertError("InvalidResourceId", "", () -> ssm.addTagsToResource(r -> r.resourceType("Document")
                .resourceId("AWS-RunShellScript").tags(Tag.builder().key("a").value("1").build())));
        assertError("ValidationException", "aws:", () -> ssm.createDocument(r -> r.name("Reserved-Tag")
                .content(command("t")).tags(Tag.builder().key("aws:x").value("1").build())));
    }

    @Test
    void amazonDocumentsCannotBeChanged() {
        assertError("InvalidDocumentOperation", "owned by Amazon", () -> ssm.updateDocument(r -> r.name("AWS-RunShellScript")
                .content(command("x"))));
        assertError("InvalidDocumentOperation", "owned by Amazon", () -> ssm.deleteDocument(r -> r.name("AWS-RunShellScript")));
        assertError("InvalidDocument", "owned by Amazon", () -> ssm.modifyDocumentPermission(r -> r.name("AWS-RunShellScript")
                .permissionType("Share").accountIdsToAdd("123456789012")));
        assertEquals("Amazon", ssm.describeDocument(r -> r.name("AWS-RunShellScript")).document().owner());
    }

    @Test
    void sharedDocumentIsUsableByArnOnlyWhereShared() {
        String ownerAccount = freshAccount();
        String otherAccount = freshAccount();
        try (SsmClient owner = client(ownerAccount); SsmClient other = client(otherAccount);
             SsmClient stranger = client(freshAccount()); SsmClient elsewhere = SsmClient.builder()
                     .endpointOverride(server.endpoint()).region(Region.of("eu-west-1"))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(otherAccount, "test")))
                     .httpClient(UrlConnectionHttpClient.create())
                     .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            owner.createDocument(r -> r.name("Shared-Doc").content(command("s1")));
            owner.updateDocument(r -> r.name("Shared-Doc").content(command("s2")));
            String arn = "arn:aws:ssm:" + REGION + ":" + ownerAccount + ":document/Shared-Doc";
            assertError("InvalidDocument", "does not exist", () -> other.describeDocument(r -> r.name(arn)));
            assertError("InvalidDocument", "does not exist", () -> other.describeDocument(r -> r.name("Shared-Doc")));

            owner.modifyDocumentPermission(r -> r.name("Shared-Doc").permissionType("Share").accountIdsToAdd(otherAccount));
            var permissions = owner.describeDocumentPermission(r -> r.name("Shared-Doc").permissionType("Share"));
            assertEquals(List.of(otherAccount), permissions.accountIds());
            assertEquals("$DEFAULT", permissions.accountSharingInfoList().get(0).sharedDocumentVersion());

            DocumentDescription seen = other.describeDocument(r -> r.name(arn)).document();
            assertEquals(ownerAccount, seen.owner());
            assertEquals(arn, seen.name());
            assertEquals(List.of(), seen.tags());
            assertEquals(command("s1"), other.getDocument(r -> r.name(arn)).content());
            assertError("InvalidDocumentVersion", "", () -> other.getDocument(r -> r.name(arn).documentVersion("2")));
            assertError("InvalidDocument", "does not exist", () -> other.describeDocument(r -> r.name("Shared-Doc")));
            assertError("InvalidDocument", "does not exist", () -> stranger.describeDocument(r -> r.name(arn)));
            assertError("InvalidDocument", "does not exist", () -> elsewhere.describeDocument(r -> r.name(arn)));
            assertError("InvalidDocument", "does not exist", () -> other.updateDocument(r -> r.name("Shared-Doc")
                    .content(command("hijack"))));
            List<DocumentIdentifier> privateDocs = other.listDocuments(r -> r.filters(DocumentKeyValuesFilter.builder()
                    .key("Owner").values("Private").build())).documentIdentifiers();
            assertEquals(List.of(arn), privateDocs.stream().map(DocumentIdentifier::name).toList());
            assertEquals(ownerAccount, privateDocs.get(0).owner());
            assertEquals(0, other.listDocuments(r -> r.filters(DocumentKeyValuesFilter.builder().key("Owner")
                    .values("Self").build())).documentIdentifiers().size());

            owner.modifyDocumentPermission(r -> r.name("Shared-Doc").permissionType("Share").accountIdsToAdd(otherAccount)
                    .sharedDocumentVersion("$ALL"));
            assertEquals(command("s2"), other.getDocument(r -> r.name(arn).documentVersion("2")).content());
            assertEquals(2, other.listDocumentVersions(r -> r.name(arn)).documentVersions().size());

            owner.modifyDocumentPermission(r -> r.name("Shared-Doc").permissionType("Share").accountIdsToRemove(otherAccount));
            assertError("InvalidDocument", "does not exist", () -> other.describeDocument(r -> r.name(arn)));

            owner.modifyDocumentPermission(r -> r.name("Shared-Doc").permissionType("Share").accountIdsToAdd("All"));
            assertEquals(List.of("all"), owner.describeDocumentPermission(r -> r.name("Shared-Doc").permissionType("Share"))
                    .accountIds());
            assertEquals(List.of(arn), stranger.listDocuments(r -> r.filters(DocumentKeyValuesFilter.builder().key("Owner")
                    .values("Public").build())).documentIdentifiers().stream().map(DocumentIdentifier::name).toList());
            assertEquals(command("s1"), stranger.getDocument(r -> r.name(arn)).content());
            for (int i = 0; i < 4; i++) {
                int n = i;
                owner.createDocument(r -> r.name("Public-" + n).content(command("p")));
                owner.modifyDocumentPermission(r -> r.name("Public-" + n).permissionType("Share").accountIdsToAdd("all"));
            }
            owner.createDocument(r -> r.name("Public-Sixth").content(command("p")));
            assertError("DocumentPermissionLimit", "5", () -> owner.modifyDocumentPermission(r -> r.name("Public-Sixth")
                    .permissionType("Share").accountIdsToAdd("all")));
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                many.add(String.format("5000000000%02d", i));
            }
            owner.modifyDocumentPermission(r -> r.name("Public-Sixth").permissionType("Share").accountIdsToAdd(many));
            var first = owner.describeDocumentPermission(r -> r.name("Public-Sixth").permissionType("Share").maxResults(15));
            assertEquals(15, first.accountIds().size());
            var second = owner.describeDocumentPermission(r -> r.name("Public-Sixth").permissionType("Share")
                    .nextToken(first.nextToken()));
            assertEquals(5, second.accountIds().size());
            assertNull(second.nextToken());
        }
    }

    @Test
    void quotasAnswerTheModelsErrors() {
        try (SsmClient own = client(freshAccount())) {
            for (int i = 0; i < DocumentAuthoring.MAX_DOCUMENTS; i++) {
                int n = i;
                own.createDocument(r -> r.name("Quota-" + n).content(command("q")));
            }
            assertError("DocumentLimitExceeded", "500", () -> own.createDocument(r -> r.name("Quota-Last")
                    .content(command("q"))));
            own.deleteDocument(r -> r.name("Quota-0"));
            own.createDocument(r -> r.name("Quota-Last").content(command("q")));
            for (int v = 2; v <= DocumentAuthoring.MAX_VERSIONS; v++) {
                int n = v;
                own.updateDocument(r -> r.name("Quota-1").content(command("v" + n)));
            }
            assertError("DocumentVersionLimitExceeded", "1000 versions", () -> own.updateDocument(r -> r.name("Quota-1")
                    .content(command("one too many"))));
            assertEquals("1000", own.describeDocument(r -> r.name("Quota-1")).document().latestVersion());
        }
    }
}
