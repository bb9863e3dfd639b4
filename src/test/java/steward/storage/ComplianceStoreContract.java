package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.association.Association;
import steward.association.AssociationDefinition;
import steward.association.AssociationOverview;
import steward.association.Target;
import steward.compliance.ComplianceCondition;
import steward.compliance.ComplianceCondition.Field;
import steward.compliance.ComplianceCondition.Operator;
import steward.compliance.ComplianceCondition.TimeSpan;
import steward.compliance.ComplianceExecutionSummary;
import steward.compliance.ComplianceItem;
import steward.compliance.ComplianceItemEntry;
import steward.compliance.ComplianceSeverity;
import steward.compliance.ComplianceStatus;
import steward.compliance.ComplianceSummary;
import steward.compliance.ComplianceUpload;
import steward.compliance.ResourceComplianceSummary;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionStatus;
import steward.execution.ExecutionTarget;
import steward.node.ManagedNode;
import steward.node.NodeBehavior;
import steward.node.SqlNodeStore;
import steward.storage.ComplianceStore.ItemPosition;
import steward.storage.ComplianceStore.Limits;
import steward.storage.ComplianceStore.PutOutcome;
import steward.storage.ComplianceStore.ResourcePosition;
import steward.storage.sql.SqlAssociationStore;
import steward.storage.sql.SqlComplianceStore;
import steward.storage.sql.SqlExecutionStore;
import steward.tenant.Tenant;

/**
 * What every ComplianceStore must do, whatever database is under it: replacement as AWS does
 * it, the content hash, the quotas (checked and rolled back in one transaction), filters,
 * keyset pages, summaries, deletion with nodes and associations, tenants, and the Association
 * item each finished target leaves through the execution store.
 */
public abstract class ComplianceStoreContract {
    protected static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final Tenant OTHER = new Tenant("111122223333", "us-east-1");
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Limits LIMITS = new Limits(10, 1_000_000);
    private static final String NODE = "mi-00000000000000001";
    private static final String NODE_2 = "mi-00000000000000002";

    private Database database;
    private SqlNodeStore nodes;
    private AssociationStore associations;
    private ComplianceStore compliance;
    private ExecutionStore executions;

    protected abstract Database openDatabase();

    @BeforeEach
    void open() {
        database = openDatabase();
        nodes = new SqlNodeStore(database);
        associations = new SqlAssociationStore(database);
        SqlComplianceStore store = new SqlComplianceStore(database);
        compliance = store;
        executions = new SqlExecutionStore(database, store);
        node(TENANT, NODE);
        node(TENANT, NODE_2);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void node(Tenant tenant, String id) {
        nodes.insert(new ManagedNode(tenant, id, "host", "Linux", "Linux", "1", "3.3", "127.0.0.1", "Online", T0, T0,
                NodeBehavior.SUCCEED_AT_ONCE), List.of());
    }

    private static ComplianceItemEntry item(String id, String severity, String status) {
        return new ComplianceItemEntry(id, "title " + id, severity, status, Map.of("k", "v"));
    }

    private static ComplianceUpload upload(String node, String type, Instant at, boolean partial, String hash,
                                           ComplianceItemEntry... items) {
        return new ComplianceUpload("ManagedInstance", node, type, new ComplianceExecutionSummary(at, "exec", "Command"),
                List.of(items), hash, partial);
    }

    private PutOutcome put(ComplianceUpload upload) {
        return compliance.put(TENANT, upload, LIMITS);
    }

    private List<String> ids(Tenant tenant, ComplianceCondition... conditions) {
        return compliance.items(tenant, List.of(conditions), null, 1000).stream().map(ComplianceItem::id).toList();
    }

    private static ComplianceCondition where(Field field, Operator op, Object... values) {
        return new ComplianceCondition(field, op, List.of(values));
    }

    @Test
    void completeUploadReplacesTheItemsOfItsTypeAndNoOther() {
        assertEquals(PutOutcome.WRITTEN, put(upload(NODE, "Custom:A", T0, false, null, item("a1", "LOW", "COMPLIANT"),
                item("a2", "LOW", "COMPLIANT"))));
        put(upload(NODE, "Custom:B", T0, false, null, item("b1", "HIGH", "NON_COMPLIANT")));
        put(upload(NODE, "Custom:A", T0.plusSeconds(5), false, null, item("a3", "MEDIUM", "NON_COMPLIANT")));
        assertEquals(List.of("a3", "b1"), ids(TENANT));
        ComplianceItem a3 = compliance.items(TENANT, List.of(), null, 10).get(0);
        assertEquals(new ComplianceExecutionSummary(T0.plusSeconds(5), "exec", "Command"), a3.executionSummary());
        assertEquals(Map.of("k", "v"), a3.details());
        assertEquals("title a3", a3.title());
        put(upload(NODE, "Custom:A", T0, false, null));
        assertEquals(List.of("b1"), ids(TENANT), "an empty complete upload clears the type");
    }

    @Test
    void partialUploadReplacesOnlyTheItemsItNames() {
        put(upload(NODE, "Association", T0, false, null, item("x", "LOW", "COMPLIANT"), item("y", "LOW", "COMPLIANT")));
        put(upload(NODE, "Association", T0, true, null, item("y", "HIGH", "NON_COMPLIANT"), item("z", "LOW", "COMPLIANT")));
        List<ComplianceItem> items = compliance.items(TENANT, List.of(), null, 10);
        assertEquals(List.of("x", "y", "z"), items.stream().map(ComplianceItem::id).sorted().toList());
        assertEquals("NON_COMPLIANT", items.stream().filter(i -> i.id().equals("y")).findFirst().orElseThrow().status());
    }

    @Test
    void anUploadWithTheStoredContentHashChangesNothing() {
        put(upload(NODE, "Association", T0, false, "hash-1", item("x", "LOW", "COMPLIANT")));
        assertEquals(PutOutcome.UNCHANGED, put(upload(NODE, "Association", T0.plusSeconds(9), false, "hash-1")));
        assertEquals(List.of("x"), ids(TENANT));
        assertEquals(PutOutcome.WRITTEN, put(upload(NODE, "Association", T0, false, "hash-2")));
        assertEquals(List.of(), ids(TENANT));
        assertEquals(PutOutcome.WRITTEN, put(upload(NODE, "Association", T0, false, null, item("x", "LOW", "COMPLIANT"))),
                "no hash is never a match");
    }

    @Test
    void anUnknownNodeIsRefusedAndNothingIsWritten() {
        assertEquals(PutOutcome.NO_SUCH_RESOURCE, put(upload("mi-0000000000000000f", "Custom:A", T0, false, null,
                item("a", "LOW", "COMPLIANT"))));
        assertEquals(PutOutcome.NO_SUCH_RESOURCE, compliance.put(OTHER, upload(NODE, "Custom:A", T0, false, null,
                item("a", "LOW", "COMPLIANT")), LIMITS), "another account's node is no node of this one");
        assertEquals(List.of(), ids(TENANT));
    }

    @Test
    void customTypesPerResourceAreLimitedButAnExistingTypeCanBeReplaced() {
        Limits two = new Limits(2, 1_000_000);
        assertEquals(PutOutcome.WRITTEN, compliance.put(TENANT, upload(NODE, "Custom:A", T0, false, null,
                item("a", "LOW", "COMPLIANT")), two));
        assertEquals(PutOutcome.WRITTEN, compliance.put(TENANT, upload(NODE, "Custom:B", T0, false, null,
                item("b", "LOW", "COMPLIANT")), two));
        assertEquals(PutOutcome.TOO_MANY_TYPES, compliance.put(TENANT, upload(NODE, "Custom:C", T0, false, null,
                item("c", "LOW", "COMPLIANT")), two));
        assertEquals(PutOutcome.WRITTEN, compliance.put(TENANT, upload(NODE, "Custom:B", T0, false, null,
                item("b2", "LOW", "COMPLIANT")), two));
        assertEquals(PutOutcome.WRITTEN, compliance.put(TENANT, upload(NODE, "Association", T0, false, null,
                item("x", "LOW", "COMPLIANT")), two), "Association is not a Custom type");
        assertEquals(PutOutcome.WRITTEN, compliance.put(TENANT, upload(NODE_2, "Custom:C", T0, false, null,
                item("c", "LOW", "COMPLIANT")), two), "the limit is per resource");
        assertEquals(List.of("x", "a", "b2", "c"), ids(TENANT), "Association sorts before Custom:A");
    }

    @Test
    void theTotalSizeLimitRollsTheWholeUploadBack() {
        Limits small = new Limits(10, 100);
        String fifty = "x".repeat(50);
        assertEquals(PutOutcome.WRITTEN, compliance.put(TENANT, upload(NODE, "Custom:A", T0, false, null,
                new ComplianceItemEntry(fifty, null, "LOW", "COMPLIANT", null)), small));
        assertEquals(PutOutcome.TOTAL_SIZE_EXCEEDED, compliance.put(TENANT, upload(NODE, "Custom:B", T0, false, null,
                new ComplianceItemEntry(fifty + "y", null, "LOW", "COMPLIANT", null)), small));
        assertEquals(PutOutcome.WRITTEN, compliance.put(TENANT, upload(NODE, "Custom:A", T0, false, null,
                new ComplianceItemEntry(fifty + fifty, null, "LOW", "COMPLIANT", null)), small),
                "the items an upload replaces do not count against it");
        assertEquals(PutOutcome.TOTAL_SIZE_EXCEEDED, compliance.put(TENANT, upload(NODE, "Custom:A", T0, false, null,
                new ComplianceItemEntry(fifty + fifty + "z", null, "LOW", "COMPLIANT", null)), small));
        assertEquals(List.of(fifty + fifty), ids(TENANT), "a refused upload removed nothing");
    }

    @Test
    void filtersCompareTextSeverityAndTime() {
        put(upload(NODE, "Custom:Scan", T0, false, null, item("KB1", "LOW", "COMPLIANT"),
                item("KB2", "HIGH", "NON_COMPLIANT"), new ComplianceItemEntry("other", null, "CRITICAL", "COMPLIANT", null)));
        put(upload(NODE_2, "Patch", T0.plusSeconds(60), false, null, item("KB3", "MEDIUM", "COMPLIANT")));
        assertEquals(List.of("KB1", "KB2", "other"), ids(TENANT, where(Field.COMPLIANCE_TYPE, Operator.EQUAL, "Custom:Scan")));
        assertEquals(List.of("KB3"), ids(TENANT, where(Field.COMPLIANCE_TYPE, Operator.NOT_EQUAL, "Custom:Scan")));
        assertEquals(List.of("KB1", "KB2", "KB3"), ids(TENANT, where(Field.ITEM_ID, Operator.BEGIN_WITH, "KB", "zz")));
        assertEquals(List.of("other"), ids(TENANT, where(Field.TITLE, Operator.NOT_EQUAL, "title KB1", "title KB2",
                "title KB3")), "an absent title is not equal to any title");
        assertEquals(List.of("KB2", "other"), ids(TENANT, where(Field.SEVERITY, Operator.GREATER_THAN,
                ComplianceSeverity.MEDIUM.rank())));
        assertEquals(List.of("KB1"), ids(TENANT, where(Field.SEVERITY, Operator.LESS_THAN, ComplianceSeverity.MEDIUM.rank())));
        assertEquals(List.of("KB2"), ids(TENANT, where(Field.STATUS, Operator.EQUAL, "NON_COMPLIANT")));
        assertEquals(List.of("KB1"), ids(TENANT, where(Field.ITEM_ID, Operator.LESS_THAN, "KB2")));
        TimeSpan t0 = new TimeSpan(T0.toEpochMilli(), T0.plusSeconds(1).toEpochMilli());
        assertEquals(List.of("KB3"), ids(TENANT, where(Field.EXECUTION_TIME, Operator.GREATER_THAN, t0)));
        assertEquals(List.of("KB1", "KB2", "other"), ids(TENANT, where(Field.EXECUTION_TIME, Operator.EQUAL, t0)));
        assertEquals(List.of("KB3"), ids(TENANT, where(Field.EXECUTION_TIME, Operator.NOT_EQUAL, t0)));
        assertEquals(List.of(), ids(TENANT, where(Field.EXECUTION_TIME, Operator.LESS_THAN, t0)));
        assertEquals(List.of("KB2"), ids(TENANT, where(Field.STATUS, Operator.EQUAL, "NON_COMPLIANT"),
                where(Field.RESOURCE_ID, Operator.EQUAL, NODE)));
        assertEquals(List.of(), ids(OTHER));
    }

    @Test
    void itemPagesNeitherSkipNorRepeat() {
        List<String> expected = new ArrayList<>();
        for (String node : List.of(NODE, NODE_2)) {
            for (String type : List.of("Custom:B", "Custom:A")) {
                List<ComplianceItemEntry> items = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    items.add(item(node + type + i, "LOW", "COMPLIANT"));
                }
                put(new ComplianceUpload("ManagedInstance", node, type, new ComplianceExecutionSummary(T0, null, null),
                        items, null, false));
            }
            for (String type : List.of("Custom:A", "Custom:B")) {
                for (int i = 0; i < 7; i++) {
                    expected.add(node + type + i);
                }
            }
        }
        List<String> seen = new ArrayList<>();
        ItemPosition after = null;
        List<ComplianceItem> page;
        do {
            page = compliance.items(TENANT, List.of(), after, 5);
            for (ComplianceItem i : page) {
                seen.add(i.id());
                after = new ItemPosition(i.resourceType(), i.resourceId(), i.complianceType(), i.seq());
            }
        } while (page.size() == 5);
        assertEquals(expected, seen);
    }

    @Test
    void resourceSummariesCountItemsAndTakeTheWorstNonCompliantSeverity() {
        put(upload(NODE, "Custom:A", T0, false, null, item("1", "CRITICAL", "COMPLIANT"), item("2", "LOW", "NON_COMPLIANT"),
                item("3", "MEDIUM", "NON_COMPLIANT"), item("4", "LOW", "COMPLIANT")));
        put(upload(NODE, "Custom:B", T0.plusSeconds(1), false, null, item("5", "HIGH", "COMPLIANT"),
                item("6", "INFORMATIONAL", "COMPLIANT")));
        put(upload(NODE_2, "Custom:A", T0, false, null, item("7", "UNSPECIFIED", "COMPLIANT")));
        List<ResourceComplianceSummary> all = compliance.resourceSummaries(TENANT, List.of(), null, 10);
        assertEquals(3, all.size());
        ResourceComplianceSummary a = all.get(0);
        assertEquals(List.of("Custom:A", NODE, ComplianceStatus.NON_COMPLIANT, ComplianceSeverity.MEDIUM),
                List.of(a.complianceType(), a.resourceId(), a.status(), a.overallSeverity()));
        assertEquals(2, a.compliant().total());
        assertEquals(1, a.compliant().of(ComplianceSeverity.CRITICAL));
        assertEquals(1, a.nonCompliant().of(ComplianceSeverity.LOW));
        assertEquals(1, a.nonCompliant().of(ComplianceSeverity.MEDIUM));
        assertEquals(new ComplianceExecutionSummary(T0, "exec", "Command"), a.executionSummary());
        ResourceComplianceSummary b = all.get(1);
        assertEquals(List.of(ComplianceStatus.COMPLIANT, ComplianceSeverity.HIGH), List.of(b.status(), b.overallSeverity()));
        assertEquals(List.of(NODE_2), compliance.resourceSummaries(TENANT, List.of(where(Field.OVERALL_SEVERITY,
                Operator.EQUAL, ComplianceSeverity.UNSPECIFIED.rank())), null, 10).stream()
                .map(ResourceComplianceSummary::resourceId).toList());
        assertEquals(List.of("Custom:A"), compliance.resourceSummaries(TENANT, List.of(where(Field.SUMMARY_STATUS,
                Operator.EQUAL, "NON_COMPLIANT")), null, 10).stream().map(ResourceComplianceSummary::complianceType).toList());
        List<ResourceComplianceSummary> afterFirst = compliance.resourceSummaries(TENANT, List.of(),
                new ResourcePosition("ManagedInstance", NODE, "Custom:A"), 10);
        assertEquals(List.of("Custom:B", "Custom:A"), afterFirst.stream().map(ResourceComplianceSummary::complianceType).toList());
    }

    @Test
    void complianceSummariesCountResourcesByOverallSeverity() {
        put(upload(NODE, "Custom:A", T0, false, null, item("1", "CRITICAL", "NON_COMPLIANT"), item("2", "LOW", "COMPLIANT")));
        put(upload(NODE_2, "Custom:A", T0, false, null, item("3", "HIGH", "COMPLIANT"), item("4", "LOW", "COMPLIANT")));
        put(upload(NODE_2, "Custom:B", T0, false, null, item("5", "LOW", "NON_COMPLIANT")));
        List<ComplianceSummary> all = compliance.summaries(TENANT, List.of(), null, 10);
        assertEquals(List.of("Custom:A", "Custom:B"), all.stream().map(ComplianceSummary::complianceType).toList());
        ComplianceSummary a = all.get(0);
        assertEquals(1, a.compliantResources().total());
        assertEquals(1, a.compliantResources().of(ComplianceSeverity.HIGH));
        assertEquals(1, a.nonCompliantResources().total());
        assertEquals(1, a.nonCompliantResources().of(ComplianceSeverity.CRITICAL));
        assertEquals(List.of("Custom:B"), compliance.summaries(TENANT, List.of(), "Custom:A", 10).stream()
                .map(ComplianceSummary::complianceType).toList());
        assertEquals(0, compliance.summaries(TENANT, List.of(where(Field.RESOURCE_ID, Operator.EQUAL, NODE)), null, 10)
                .get(0).compliantResources().total());
        assertEquals(List.of(), compliance.summaries(OTHER, List.of(), null, 10));
    }

    @Test
    void deletingANodeOrAnAssociationRemovesItsItems() {
        String association = association(null, null);
        put(upload(NODE, "Association", T0, false, null, item(association, "LOW", "COMPLIANT"),
                item("not-an-association", "LOW", "COMPLIANT")));
        put(upload(NODE_2, "Custom:A", T0, false, null, item("c", "LOW", "COMPLIANT")));
        assertTrue(associations.delete(TENANT, association));
        assertEquals(List.of("not-an-association", "c"), ids(TENANT));
        assertTrue(nodes.delete(TENANT, NODE_2));
        assertEquals(List.of("not-an-association"), ids(TENANT));
        assertEquals(List.of(NODE), compliance.resourceSummaries(TENANT, List.of(), null, 10).stream()
                .map(ResourceComplianceSummary::resourceId).toList());
        node(TENANT, NODE_2);
        assertEquals(PutOutcome.WRITTEN, put(upload(NODE_2, "Custom:A", T0, false, null)),
                "a node registered again starts without the old upload's hash or items");
        assertEquals(List.of("not-an-association"), ids(TENANT));
    }

    @Test
    void aFinishedTargetLeavesAnAssociationItemUnderAutoAndARunReplacesIt() {
        String association = association("HIGH", null);
        finish(association, ExecutionStatus.FAILED, NODE, T0);
        finish(association, ExecutionStatus.SUCCESS, NODE_2, T0);
        List<ComplianceItem> items = compliance.items(TENANT, List.of(), null, 10);
        assertEquals(2, items.size());
        ComplianceItem failed = items.get(0);
        assertEquals(List.of("Association", "ManagedInstance", NODE, association, "", "NON_COMPLIANT", "HIGH"),
                List.of(failed.complianceType(), failed.resourceType(), failed.resourceId(), failed.id(), failed.title(),
                        failed.status(), failed.severity()));
        assertEquals(new ComplianceExecutionSummary(T0, null, null), failed.executionSummary());
        assertEquals(Map.of("DocumentName", "AWS-RunShellScript", "DocumentVersion", "$DEFAULT"), failed.details());
        assertEquals("COMPLIANT", items.get(1).status());
        finish(association, ExecutionStatus.SUCCESS, NODE, T0.plusSeconds(30));
        List<ComplianceItem> node = compliance.items(TENANT, List.of(where(Field.RESOURCE_ID, Operator.EQUAL, NODE)), null, 10);
        assertEquals(1, node.size(), "a later run replaces the item");
        assertEquals("COMPLIANT", node.get(0).status());
        assertEquals(T0.plusSeconds(30), node.get(0).executionSummary().executionTime());
        assertEquals(T0.plusSeconds(30), compliance.resourceSummaries(TENANT, List.of(), null, 1).get(0)
                .executionSummary().executionTime());
    }

    @Test
    void manualAssociationsLeaveNothingAndOtherItemsStay() {
        String manual = association("CRITICAL", "MANUAL");
        put(upload(NODE, "Association", T0, false, null, item("reported", "LOW", "COMPLIANT")));
        finish(manual, ExecutionStatus.FAILED, NODE, T0);
        assertEquals(List.of("reported"), ids(TENANT));
        String auto = association(null, "AUTO");
        finish(auto, ExecutionStatus.TIMED_OUT, NODE, T0);
        List<ComplianceItem> items = compliance.items(TENANT, List.of(), null, 10);
        assertEquals(List.of("reported", auto), items.stream().map(ComplianceItem::id).toList());
        assertEquals(List.of("NON_COMPLIANT", "UNSPECIFIED"), List.of(items.get(1).status(), items.get(1).severity()));
    }

    private String association(String severity, String sync) {
        String id = UUID.randomUUID().toString();
        AssociationDefinition d = new AssociationDefinition("AWS-RunShellScript", "$DEFAULT", null,
                Map.of("commands", List.of("echo")), List.of(new Target("InstanceIds", List.of("*"))), null, null,
                null, null, null, null, severity, sync, false, null, null, null, null, null, null, null);
        associations.create(new Association(TENANT, 0, id, 1, T0, T0, AssociationOverview.creating(), null, null, null, d,
                null), List.of(), 1000);
        return id;
    }

    /** A run of the association on one node, whose target ends with {@code status} at {@code at}. */
    private void finish(String associationId, String status, String node, Instant at) {
        String executionId = UUID.randomUUID().toString();
        ExecutionTarget pending = new ExecutionTarget(executionId, node, ExecutionTarget.MANAGED_INSTANCE,
                ExecutionStatus.PENDING, ExecutionStatus.PENDING, null, UUID.randomUUID().toString());
        AssociationExecution run = executions.start(new AssociationExecution(TENANT, 0, associationId, 1, executionId,
                ExecutionStatus.IN_PROGRESS, ExecutionStatus.IN_PROGRESS, at, null, "{}", null, null, null),
                List.of(pending)).orElseThrow();
        executions.updateTarget(run, pending.finish(status, status, at), "{}");
    }
}
