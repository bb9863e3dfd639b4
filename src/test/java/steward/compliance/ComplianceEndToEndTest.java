package steward.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ComplianceExecutionSummary;
import software.amazon.awssdk.services.ssm.model.ComplianceItem;
import software.amazon.awssdk.services.ssm.model.ComplianceItemEntry;
import software.amazon.awssdk.services.ssm.model.ComplianceQueryOperatorType;
import software.amazon.awssdk.services.ssm.model.ComplianceSeverity;
import software.amazon.awssdk.services.ssm.model.ComplianceStatus;
import software.amazon.awssdk.services.ssm.model.ComplianceStringFilter;
import software.amazon.awssdk.services.ssm.model.ComplianceSummaryItem;
import software.amazon.awssdk.services.ssm.model.ComplianceUploadType;
import software.amazon.awssdk.services.ssm.model.ListComplianceItemsResponse;
import software.amazon.awssdk.services.ssm.model.PutComplianceItemsRequest;
import software.amazon.awssdk.services.ssm.model.ResourceComplianceSummaryItem;
import software.amazon.awssdk.services.ssm.model.SsmException;
import steward.testing.TestServer;

/**
 * Compliance through the SDK for Java v2, each test in an account of its own: what association
 * runs leave under AUTO and MANUAL, summaries after mixed runs, Custom types, replacing and
 * partial uploads, the content hash, pages, deletion, isolation and every error.
 */
class ComplianceEndToEndTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ComplianceAccount account() {
        return new ComplianceAccount(server.endpoint());
    }

    private static String code(Runnable call) {
        return assertThrows(SsmException.class, call::run).awsErrorDetails().errorCode();
    }

    private static ComplianceItemEntry entry(String id, ComplianceSeverity severity, ComplianceStatus status) {
        return ComplianceItemEntry.builder().id(id).title("t-" + id).severity(severity).status(status).build();
    }

    private static void put(SsmClient ssm, String node, String type, Consumer<PutComplianceItemsRequest.Builder> more,
                            ComplianceItemEntry... items) {
        PutComplianceItemsRequest.Builder request = PutComplianceItemsRequest.builder().resourceId(node)
                .resourceType("ManagedInstance").complianceType(type)
                .executionSummary(ComplianceExecutionSummary.builder().executionTime(T0).executionId("e-1")
                        .executionType("Command").build())
                .items(items);
        more.accept(request);
        ssm.putComplianceItems(request.build());
    }

    private static void put(SsmClient ssm, String node, String type, ComplianceItemEntry... items) {
        put(ssm, node, type, r -> {
        }, items);
    }

    private static List<ComplianceItem> items(SsmClient ssm, String node, ComplianceStringFilter... filters) {
        return ssm.listComplianceItemsPaginator(r -> r.resourceIds(node).resourceTypes("ManagedInstance").filters(filters))
                .complianceItems().stream().toList();
    }

    private static ComplianceStringFilter filter(String key, ComplianceQueryOperatorType type, String... values) {
        return ComplianceStringFilter.builder().key(key).type(type).values(values).build();
    }

    private static List<ResourceComplianceSummaryItem> resourceSummaries(SsmClient ssm, ComplianceStringFilter... filters) {
        return ssm.listResourceComplianceSummariesPaginator(r -> r.filters(filters)).resourceComplianceSummaryItems()
                .stream().toList();
    }

    private static List<ComplianceSummaryItem> summaries(SsmClient ssm, ComplianceStringFilter... filters) {
        return ssm.listComplianceSummariesPaginator(r -> r.filters(filters)).complianceSummaryItems().stream().toList();
    }

    @Test
    void autoRunsMarkEachNodeWithTheAssociationsSeverityAndALaterRunReplacesIt() {
        try (ComplianceAccount a = account()) {
            String ok1 = a.node("Success");
            String ok2 = a.node("Success");
            String bad = a.node("Failed");
            String id = a.create(a.association().complianceSeverity("HIGH"));
            a.awaitRuns(id, 1);

            ComplianceItem failed = items(a.ssm, bad).get(0);
            assertEquals(List.of("Association", "ManagedInstance", bad, id, "", "NON_COMPLIANT", "HIGH"),
                    List.of(failed.complianceType(), failed.resourceType(), failed.resourceId(), failed.id(),
                            failed.title(), failed.statusAsString(), failed.severityAsString()));
            assertEquals(Map.of("DocumentName", "AWS-RunShellScript", "DocumentVersion", "1"), failed.details(),
                    "the version $DEFAULT stood for");
            assertNotNull(failed.executionSummary().executionTime());
            assertNull(failed.executionSummary().executionId());
            assertEquals("COMPLIANT", items(a.ssm, ok1).get(0).statusAsString());

            ComplianceSummaryItem association = summaries(a.ssm).get(0);
            assertEquals("Association", association.complianceType());
            assertEquals(2, association.compliantSummary().compliantCount());
            assertEquals(2, association.compliantSummary().severitySummary().highCount());
            assertEquals(1, association.nonCompliantSummary().nonCompliantCount());
            assertEquals(1, association.nonCompliantSummary().severitySummary().highCount());
            assertEquals(0, association.nonCompliantSummary().severitySummary().criticalCount());

            List<ResourceComplianceSummaryItem> nonCompliant = resourceSummaries(a.ssm,
                    filter("Status", ComplianceQueryOperatorType.EQUAL, "NON_COMPLIANT"));
            assertEquals(List.of(bad), nonCompliant.stream().map(ResourceComplianceSummaryItem::resourceId).toList());
            assertEquals("HIGH", nonCompliant.get(0).overallSeverityAsString());
            assertEquals(1, nonCompliant.get(0).nonCompliantSummary().nonCompliantCount());

            a.behave(bad, "Success");
            a.ssm.startAssociationsOnce(r -> r.associationIds(id));
            a.awaitRuns(id, 2);
            List<ComplianceItem> after = items(a.ssm, bad);
            assertEquals(1, after.size(), "a later run replaces the node's item");
            assertEquals("COMPLIANT", after.get(0).statusAsString());
            assertTrue(after.get(0).executionSummary().executionTime().isAfter(failed.executionSummary().executionTime()));
            assertEquals(3, summaries(a.ssm).get(0).compliantSummary().compliantCount());
            assertEquals(0, summaries(a.ssm).get(0).nonCompliantSummary().nonCompliantCount());
            assertEquals(List.of(bad, ok1, ok2).stream().sorted().toList(), resourceSummaries(a.ssm,
                    filter("Status", ComplianceQueryOperatorType.EQUAL, "COMPLIANT")).stream()
                    .map(ResourceComplianceSummaryItem::resourceId).toList());
        }
    }

    @Test
    void severitiesOfSeveralAssociationsSummariseToTheWorstNonCompliantOne() {
        try (ComplianceAccount a = account()) {
            String node = a.node("Failed");
            String low = a.create(a.association().complianceSeverity("LOW"));
            String critical = a.create(a.association().complianceSeverity("CRITICAL"));
            String unspecified = a.create(a.association());
            a.awaitRuns(low, 1);
            a.awaitRuns(critical, 1);
            a.awaitRuns(unspecified, 1);
            List<ComplianceItem> items = items(a.ssm, node);
            assertEquals(3, items.size());
            assertEquals(List.of("CRITICAL", "LOW", "UNSPECIFIED"), items.stream().map(ComplianceItem::severityAsString)
                    .sorted().toList());
            ResourceComplianceSummaryItem summary = resourceSummaries(a.ssm).get(0);
            assertEquals("CRITICAL", summary.overallSeverityAsString());
            assertEquals(3, summary.nonCompliantSummary().nonCompliantCount());
            assertEquals(1, summary.nonCompliantSummary().severitySummary().lowCount());
            assertEquals(1, summary.nonCompliantSummary().severitySummary().unspecifiedCount());
            assertEquals(List.of(critical), items(a.ssm, node, filter("Severity", ComplianceQueryOperatorType.GREATER_THAN,
                    "HIGH")).stream().map(ComplianceItem::id).toList());
            assertEquals(List.of(node), resourceSummaries(a.ssm, filter("OverallSeverity", ComplianceQueryOperatorType.EQUAL,
                    "CRITICAL")).stream().map(ResourceComplianceSummaryItem::resourceId).toList());

            a.ssm.deleteAssociation(r -> r.associationId(critical));
            assertEquals("LOW", resourceSummaries(a.ssm).get(0).overallSeverityAsString(),
                    "deleting an association removes its items from the summaries");
        }
    }

    @Test
    void manualAssociationsLeaveNothingUntilAPartialUploadReportsThem() {
        try (ComplianceAccount a = account()) {
            String node = a.node("Success");
            String manual = a.create(a.association().syncCompliance("MANUAL").complianceSeverity("MEDIUM"));
            String auto = a.create(a.association().syncCompliance("AUTO"));
            a.awaitRuns(manual, 1);
            a.awaitRuns(auto, 1);
            assertEquals(List.of(auto), items(a.ssm, node).stream().map(ComplianceItem::id).toList());

            put(a.ssm, node, "Association", r -> r.uploadType(ComplianceUploadType.PARTIAL),
                    entry(manual, ComplianceSeverity.MEDIUM, ComplianceStatus.NON_COMPLIANT));
            List<ComplianceItem> both = items(a.ssm, node);
            assertEquals(2, both.size(), "a partial upload keeps the items it does not name");
            ComplianceItem reported = both.stream().filter(i -> i.id().equals(manual)).findFirst().orElseThrow();
            assertEquals(List.of("NON_COMPLIANT", "MEDIUM", "e-1", "Command"), List.of(reported.statusAsString(),
                    reported.severityAsString(), reported.executionSummary().executionId(),
                    reported.executionSummary().executionType()));

            assertEquals("InvalidItemContentException", code(() -> put(a.ssm, node, "Association",
                    r -> r.uploadType(ComplianceUploadType.PARTIAL),
                    entry(auto, ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT))), "PARTIAL is for MANUAL associations");
            assertEquals("InvalidItemContentException", code(() -> put(a.ssm, node, "Association",
                    r -> r.uploadType(ComplianceUploadType.PARTIAL),
                    entry("3e2f8c5a-1d1b-4c1e-9a6e-000000000000", ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT))));
            assertEquals("InvalidItemContentException", code(() -> put(a.ssm, node, "Custom:Xray",
                    r -> r.uploadType(ComplianceUploadType.PARTIAL), entry("x", ComplianceSeverity.LOW,
                            ComplianceStatus.COMPLIANT))), "PARTIAL is for Association items");

            put(a.ssm, node, "Association", entry(manual, ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT));
            assertEquals(List.of(manual), items(a.ssm, node).stream().map(ComplianceItem::id).toList(),
                    "a COMPLETE upload replaces every Association item of the node");
        }
    }

    /** The SSM Agent's report (ssm-agent-protocol.md 4.7): empty strings, no UploadType, [] when unchanged. */
    @Test
    void theAgentsReportIsAcceptedAndItsUnchangedResendKeepsTheItems() {
        try (ComplianceAccount a = account()) {
            String node = a.node("Success");
            String id = a.create(a.association().syncCompliance("MANUAL"));
            a.awaitRuns(id, 1);
            Consumer<PutComplianceItemsRequest.Builder> agent = r -> r.itemContentHash("1B2M2Y8AsgTpgAmY7PhCfg==")
                    .executionSummary(s -> s.executionTime(T0).executionId("").executionType(""));
            put(a.ssm, node, "Association", agent, ComplianceItemEntry.builder().id(id).title("")
                    .severity(ComplianceSeverity.UNSPECIFIED).status(ComplianceStatus.NON_COMPLIANT)
                    .details(Map.of("DocumentName", "AWS-RunShellScript", "DocumentVersion", "1")).build());
            put(a.ssm, node, "Association", agent);
            List<ComplianceItem> items = items(a.ssm, node);
            assertEquals(1, items.size(), "the unchanged hash kept the item");
            assertEquals(List.of(id, "", "NON_COMPLIANT", "", ""), List.of(items.get(0).id(), items.get(0).title(),
                    items.get(0).statusAsString(), items.get(0).executionSummary().executionId(),
                    items.get(0).executionSummary().executionType()));
        }
    }

    @Test
    void customTypesAreReplacedWholeAndAnUnchangedHashIsIgnored() {
        try (ComplianceAccount a = account()) {
            String node = a.node("Success");
            put(a.ssm, node, "Custom:AVCheck", r -> r.itemContentHash("h1"),
                    entry("Version2.0", ComplianceSeverity.CRITICAL, ComplianceStatus.COMPLIANT),
                    ComplianceItemEntry.builder().id("Signatures").severity(ComplianceSeverity.LOW)
                            .status(ComplianceStatus.NON_COMPLIANT).details(Map.of("Age", "9 days")).build());
            put(a.ssm, node, "Custom:Other", entry("o", ComplianceSeverity.HIGH, ComplianceStatus.COMPLIANT));
            List<ComplianceItem> av = items(a.ssm, node, filter("ComplianceType", ComplianceQueryOperatorType.EQUAL,
                    "Custom:AVCheck"));
            assertEquals(List.of("Version2.0", "Signatures"), av.stream().map(ComplianceItem::id).toList());
            assertEquals(Map.of("Age", "9 days"), av.get(1).details());
            assertNull(av.get(1).title());
            assertEquals(T0, av.get(0).executionSummary().executionTime());

            put(a.ssm, node, "Custom:AVCheck", r -> r.itemContentHash("h1"));
            assertEquals(3, items(a.ssm, node).size(), "the same ItemContentHash leaves the items as they were");
            put(a.ssm, node, "Custom:AVCheck", r -> r.itemContentHash("h2"),
                    entry("Version3.0", ComplianceSeverity.MEDIUM, ComplianceStatus.COMPLIANT));
            assertEquals(List.of("Version3.0"), items(a.ssm, node, filter("ComplianceType",
                    ComplianceQueryOperatorType.BEGIN_WITH, "Custom:AV")).stream().map(ComplianceItem::id).toList());
            assertEquals(List.of("o"), items(a.ssm, node, filter("ComplianceType", ComplianceQueryOperatorType.NOT_EQUAL,
                    "Custom:AVCheck")).stream().map(ComplianceItem::id).toList());
            List<String> types = summaries(a.ssm).stream().map(ComplianceSummaryItem::complianceType).toList();
            assertEquals(List.of("Custom:AVCheck", "Custom:Other"), types);
        }
    }

    @Test
    void pagesCoverMoreThanAPageWithoutSkippingOrRepeating() {
        try (ComplianceAccount a = account()) {
            String node = a.node("Success");
            List<ComplianceItemEntry> entries = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                entries.add(entry(String.format("item-%03d", i), ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT));
            }
            put(a.ssm, node, "Custom:Big", entries.toArray(ComplianceItemEntry[]::new));
            ListComplianceItemsResponse first = a.ssm.listComplianceItems(r -> r.resourceIds(node));
            assertEquals(50, first.complianceItems().size(), "50 a page by default");
            assertNotNull(first.nextToken());
            List<String> ids = items(a.ssm, node).stream().map(ComplianceItem::id).toList();
            assertEquals(entries.stream().map(ComplianceItemEntry::id).toList(), ids);

            List<String> nodes = new ArrayList<>(List.of(node));
            for (int i = 0; i < 4; i++) {
                String n = a.node("Success");
                nodes.add(n);
                put(a.ssm, n, "Custom:Small", entry("s", ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT));
                put(a.ssm, n, "Custom:Other", entry("o", ComplianceSeverity.LOW, ComplianceStatus.NON_COMPLIANT));
            }
            List<ResourceComplianceSummaryItem> seen = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                var page = a.ssm.listResourceComplianceSummaries(r -> r.maxResults(3).nextToken(next));
                seen.addAll(page.resourceComplianceSummaryItems());
                token = page.nextToken();
            } while (token != null);
            assertEquals(9, seen.size());
            assertEquals(9, seen.stream().map(s -> s.resourceId() + s.complianceType()).distinct().count());
            List<ComplianceSummaryItem> types = new ArrayList<>();
            token = null;
            do {
                String next = token;
                var page = a.ssm.listComplianceSummaries(r -> r.maxResults(1).nextToken(next));
                types.addAll(page.complianceSummaryItems());
                token = page.nextToken();
            } while (token != null);
            assertEquals(List.of("Custom:Big", "Custom:Other", "Custom:Small"), types.stream()
                    .map(ComplianceSummaryItem::complianceType).toList());
            assertEquals(4, types.get(1).nonCompliantSummary().nonCompliantCount());

            String stolen = first.nextToken();
            assertEquals("InvalidNextToken", code(() -> a.ssm.listComplianceItems(r -> r.resourceIds(node)
                    .filters(filter("Status", ComplianceQueryOperatorType.EQUAL, "COMPLIANT")).nextToken(stolen))),
                    "a token is bound to its filters");
            assertEquals("InvalidNextToken", code(() -> a.ssm.listResourceComplianceSummaries(r -> r.nextToken(stolen))));
            assertEquals("InvalidNextToken", code(() -> a.ssm.listComplianceSummaries(r -> r.nextToken("garbage"))));
            try (ComplianceAccount other = account()) {
                assertEquals("InvalidNextToken", code(() -> other.ssm.listComplianceItems(r -> r.nextToken(stolen))));
            }
        }
    }

    @Test
    void deletingANodeRemovesItsItemsAndSummaries() {
        try (ComplianceAccount a = account()) {
            String gone = a.node("Failed");
            String stays = a.node("Success");
            String id = a.create(a.association());
            a.awaitRuns(id, 1);
            put(a.ssm, gone, "Custom:Alpha", entry("c", ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT));
            a.deleteNode(gone);
            assertEquals("InvalidResourceId", code(() -> items(a.ssm, gone)));
            assertEquals(List.of(stays), resourceSummaries(a.ssm).stream().map(ResourceComplianceSummaryItem::resourceId)
                    .toList());
            assertEquals(List.of("Association"), summaries(a.ssm).stream().map(ComplianceSummaryItem::complianceType)
                    .toList());
            assertEquals(0, summaries(a.ssm).get(0).nonCompliantSummary().nonCompliantCount());
        }
    }

    @Test
    void anotherAccountOrRegionSeesNothingAndCannotWrite() {
        try (ComplianceAccount a = account(); ComplianceAccount b = account();
             ComplianceAccount elsewhere = new ComplianceAccount(server.endpoint(), a.accountId, "eu-west-1")) {
            String node = a.node("Success");
            put(a.ssm, node, "Custom:Alpha", entry("c", ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT));
            for (ComplianceAccount stranger : List.of(b, elsewhere)) {
                assertEquals("InvalidResourceId", code(() -> put(stranger.ssm, node, "Custom:Alpha",
                        entry("x", ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT))));
                assertEquals("InvalidResourceId", code(() -> items(stranger.ssm, node)));
                assertEquals(List.of(), stranger.ssm.listComplianceItems(r -> r.maxResults(50)).complianceItems());
                assertEquals(List.of(), resourceSummaries(stranger.ssm));
                assertEquals(List.of(), summaries(stranger.ssm));
            }
            assertEquals(List.of("c"), items(a.ssm, node).stream().map(ComplianceItem::id).toList());
        }
    }

    @Test
    void everyErrorNamesWhatWasWrongAndChangesNothing() {
        try (ComplianceAccount a = account()) {
            String node = a.node("Success");
            put(a.ssm, node, "Custom:Keep", entry("k", ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT));
            ComplianceItemEntry ok = entry("x", ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT);
            SsmException type = assertThrows(SsmException.class, () -> a.ssm.putComplianceItems(r -> r.resourceId(node)
                    .resourceType("Document").complianceType("Custom:Alpha").items(ok)
                    .executionSummary(s -> s.executionTime(T0))));
            assertEquals("InvalidResourceType", type.awsErrorDetails().errorCode());
            assertTrue(type.awsErrorDetails().errorMessage().contains("Document"), type.getMessage());
            assertEquals("InvalidResourceId", code(() -> put(a.ssm, "mi-0123456789abcdef0", "Custom:Alpha", ok)));
            assertEquals("InvalidItemContentException", code(() -> put(a.ssm, node, "Association",
                    ComplianceItemEntry.builder().severity(ComplianceSeverity.LOW).status(ComplianceStatus.COMPLIANT).build())));
            assertEquals("InvalidItemContentException", code(() -> put(a.ssm, node, "Custom:Alpha", ok, ok)));
            ComplianceItemEntry tooBig = ComplianceItemEntry.builder().id("huge").severity(ComplianceSeverity.LOW)
                    .status(ComplianceStatus.COMPLIANT).details(blob(17, 4096)).build();
            assertEquals("ItemSizeLimitExceededException", code(() -> put(a.ssm, node, "Custom:Alpha", tooBig)));
            for (int i = 1; i < 10; i++) {
                put(a.ssm, node, "Custom:T" + i, entry("t", ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT));
            }
            assertEquals("ComplianceTypeCountLimitExceededException", code(() -> put(a.ssm, node, "Custom:T10", ok)));
            put(a.ssm, node, "Custom:T9", entry("t9", ComplianceSeverity.LOW, ComplianceStatus.COMPLIANT));
            assertEquals("TotalSizeLimitExceededException", code(() -> fill(a.ssm, node)));

            assertEquals("InvalidResourceType", code(() -> a.ssm.listComplianceItems(r -> r.resourceTypes("Instance"))));
            assertEquals("InvalidResourceId", code(() -> a.ssm.listComplianceItems(r -> r.resourceIds("i-0123456789"))));
            String second = a.node("Success");
            assertEquals("InvalidResourceId", code(() -> a.ssm.listComplianceItems(r -> r.resourceIds(node, second))),
                    "one resource ID per call, as AWS documents");
            assertEquals(List.of(), a.ssm.listComplianceItems(r -> r.resourceIds(second, second)).complianceItems(),
                    "the same id twice is one id");
            ComplianceStringFilter[] many = new ComplianceStringFilter[51];
            java.util.Arrays.fill(many, filter("Status", ComplianceQueryOperatorType.EQUAL, "COMPLIANT"));
            assertEquals("InvalidFilter", code(() -> a.ssm.listComplianceItems(r -> r.filters(many))));
            assertEquals("InvalidFilter", code(() -> items(a.ssm, node, filter("Colour",
                    ComplianceQueryOperatorType.EQUAL, "red"))));
            assertEquals("InvalidFilter", code(() -> items(a.ssm, node, filter("Severity",
                    ComplianceQueryOperatorType.EQUAL, "SEVERE"))));
            assertEquals("InvalidFilter", code(() -> items(a.ssm, node, filter("Status",
                    ComplianceQueryOperatorType.BEGIN_WITH, "COMP"))));
            assertEquals("InvalidFilter", code(() -> items(a.ssm, node, filter("Id",
                    ComplianceQueryOperatorType.LESS_THAN, "a", "b"))));
            assertEquals("InvalidFilter", code(() -> items(a.ssm, node, filter("ExecutionTime",
                    ComplianceQueryOperatorType.GREATER_THAN, "yesterday"))));
            assertEquals("InvalidFilter", code(() -> resourceSummaries(a.ssm, filter("Id",
                    ComplianceQueryOperatorType.EQUAL, "x"))));
            assertEquals("InvalidFilter", code(() -> summaries(a.ssm, filter("OverallSeverity",
                    ComplianceQueryOperatorType.EQUAL, "LOW"))));
            assertEquals("InvalidFilter", code(() -> a.ssm.listComplianceSummaries(r -> r.filters(
                    ComplianceStringFilter.builder().key("ComplianceType").build()))));

            List<String> types = items(a.ssm, node).stream().map(ComplianceItem::complianceType).distinct().sorted().toList();
            assertEquals(10, types.size(), "the refused uploads changed nothing: " + types);
            assertTrue(types.contains("Custom:Keep"));
        }
    }

    /** {@code count} details of {@code size} characters each. */
    private static Map<String, String> blob(int count, int size) {
        Map<String, String> details = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            details.put("d" + i, "z".repeat(size));
        }
        return details;
    }

    /** Uploads ~900 KB items to the resource's existing Custom types until the 2 MiB total refuses one. */
    private static void fill(SsmClient ssm, String node) {
        for (int type = 1; type <= 9; type++) {
            List<ComplianceItemEntry> entries = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                entries.add(ComplianceItemEntry.builder().id("big-" + i).severity(ComplianceSeverity.LOW)
                        .status(ComplianceStatus.COMPLIANT).details(blob(14, 4000)).build());
            }
            put(ssm, node, "Custom:T" + type, entries.toArray(ComplianceItemEntry[]::new));
        }
    }
}
