package steward.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AssociationExecution;
import software.amazon.awssdk.services.ssm.model.AssociationExecutionFilter;
import software.amazon.awssdk.services.ssm.model.DescribeAssociationExecutionsResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;
import steward.testing.ControlClient;
import steward.testing.TestServer;

/**
 * A history of more than a thousand runs, walked with every page size from 1 to 50, and
 * every filter alone and combined, checked against the full listing.
 */
class ExecutionHistoryPagingEndToEndTest {
    private static final int RUNS = 1_010;
    private static TestServer server;
    private static SsmClient ssm;
    private static String associationId;
    private static List<AssociationExecution> history;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ssm = server.client();
        Fleet fleet = new Fleet(new ControlClient(server.endpoint()), ssm);
        fleet.node("Failed", 0);
        associationId = fleet.create(fleet.association());
        fleet.awaitRuns(associationId, 1);
        fleet.node("Success", 0);
        fleet.awaitRuns(associationId, 2);
        String[] tenTimes = Collections.nCopies(10, associationId).toArray(String[]::new);
        for (int started = 2; started < RUNS; started += tenTimes.length) {
            ssm.startAssociationsOnce(r -> r.associationIds(tenTimes));
        }
        history = fleet.awaitRuns(associationId, RUNS);
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    @Test
    void historyIsNewestFirst() {
        assertTrue(history.size() >= RUNS);
        for (int i = 1; i < history.size(); i++) {
            assertTrue(!history.get(i).createdTime().isAfter(history.get(i - 1).createdTime()), "at " + i);
        }
        assertEquals(history.size(), new HashSet<>(history.stream().map(AssociationExecution::executionId).toList()).size());
    }

    @Test
    void everyPageSizeFromOneToFiftyVisitsEveryRunOnceInOrder() {
        List<String> expected = history.stream().map(AssociationExecution::executionId).toList();
        for (int size = 1; size <= 50; size++) {
            int pageSize = size;
            List<String> seen = new ArrayList<>();
            Set<String> tokens = new HashSet<>();
            String token = null;
            do {
                String current = token;
                DescribeAssociationExecutionsResponse page = ssm.describeAssociationExecutions(r -> r
                        .associationId(associationId).maxResults(pageSize).nextToken(current));
                assertTrue(page.associationExecutions().size() <= pageSize);
                page.associationExecutions().forEach(e -> seen.add(e.executionId()));
                token = page.nextToken();
                if (token != null) {
                    assertTrue(tokens.add(token), "token repeated at page size " + size);
                    assertEquals(pageSize, page.associationExecutions().size(), "only the last page may be short");
                }
            } while (token != null);
            assertEquals(expected, seen, "page size " + size);
        }
    }

    @Test
    void sdkPaginatorWalksTheSameHistory() {
        List<String> viaPaginator = ssm.describeAssociationExecutionsPaginator(r -> r.associationId(associationId)
                .maxResults(37)).associationExecutions().stream().map(AssociationExecution::executionId).toList();
        assertEquals(history.stream().map(AssociationExecution::executionId).toList(), viaPaginator);
    }

    private static List<String> filtered(AssociationExecutionFilter... filters) {
        return ssm.describeAssociationExecutionsPaginator(r -> r.associationId(associationId).maxResults(50)
                .filters(filters)).associationExecutions().stream().map(AssociationExecution::executionId).toList();
    }

    private static List<String> expected(Predicate<AssociationExecution> predicate) {
        return history.stream().filter(predicate).map(AssociationExecution::executionId).toList();
    }

    private static AssociationExecutionFilter filter(String key, String type, String value) {
        return AssociationExecutionFilter.builder().key(key).type(type).value(value).build();
    }

    @Test
    void statusFilterMatchesOnlyThatStatus() {
        for (String status : List.of("Success", "Failed", "TimedOut")) {
            assertEquals(expected(e -> e.status().equals(status)), filtered(filter("Status", "EQUAL", status)), status);
        }
        assertTrue(filtered(filter("Status", "EQUAL", "Failed")).size() >= 1);
        assertEquals(List.of(), filtered(filter("Status", "EQUAL", "NoSuchStatus")));
    }

    @Test
    void executionIdFilterFindsExactlyThatRun() {
        AssociationExecution some = history.get(history.size() / 2);
        assertEquals(List.of(some.executionId()), filtered(filter("ExecutionId", "EQUAL", some.executionId())));
    }

    @Test
    void createdTimeFiltersCompareWithAndWithoutMilliseconds() {
        AssociationExecution middle = history.get(history.size() / 2);
        Instant at = middle.createdTime();
        String withMillis = at.truncatedTo(ChronoUnit.MILLIS).toString().replaceFirst("(\\.\\d{3})?Z$", "")
                + String.format(".%03dZ", at.getNano() / 1_000_000);
        String secondOnly = at.truncatedTo(ChronoUnit.SECONDS).toString();
        Instant second = at.truncatedTo(ChronoUnit.SECONDS);
        assertEquals(expected(e -> e.createdTime().isBefore(at)), filtered(filter("CreatedTime", "LESS_THAN", withMillis)));
        assertEquals(expected(e -> e.createdTime().isAfter(at)), filtered(filter("CreatedTime", "GREATER_THAN", withMillis)));
        assertEquals(expected(e -> e.createdTime().equals(at)), filtered(filter("CreatedTime", "EQUAL", withMillis)));
        assertEquals(expected(e -> !e.createdTime().isBefore(second) && e.createdTime().isBefore(second.plusSeconds(1))),
                filtered(filter("CreatedTime", "EQUAL", secondOnly)));
        assertEquals(expected(e -> e.createdTime().isBefore(second)), filtered(filter("CreatedTime", "LESS_THAN", secondOnly)));
        assertEquals(expected(e -> !e.createdTime().isBefore(second.plusSeconds(1))),
                filtered(filter("CreatedTime", "GREATER_THAN", secondOnly)), "after the whole second it names");
    }

    @Test
    void filtersCombineWithAnd() {
        AssociationExecution middle = history.get(history.size() / 2);
        String at = middle.createdTime().toString();
        assertEquals(expected(e -> e.status().equals("Success") && e.createdTime().isBefore(middle.createdTime())),
                filtered(filter("Status", "EQUAL", "Success"), filter("CreatedTime", "LESS_THAN", at)));
        Instant lo = history.get(history.size() - 100).createdTime();
        Instant hi = history.get(100).createdTime();
        assertEquals(expected(e -> e.createdTime().isAfter(lo) && e.createdTime().isBefore(hi)),
                filtered(filter("CreatedTime", "GREATER_THAN", lo.toString()), filter("CreatedTime", "LESS_THAN", hi.toString())));
        assertEquals(List.of(), filtered(filter("ExecutionId", "EQUAL", middle.executionId()),
                filter("Status", "EQUAL", middle.status().equals("Success") ? "Failed" : "Success")));
        assertEquals(List.of(), filtered(filter("CreatedTime", "GREATER_THAN", hi.toString()),
                filter("CreatedTime", "LESS_THAN", lo.toString())));
    }

    @Test
    void filteredPagesNeverSkipOrRepeat() {
        List<String> all = filtered(filter("Status", "EQUAL", "Success"));
        List<String> byThrees = ssm.describeAssociationExecutionsPaginator(r -> r.associationId(associationId).maxResults(3)
                .filters(filter("Status", "EQUAL", "Success"))).associationExecutions().stream()
                .map(AssociationExecution::executionId).toList();
        assertEquals(all, byThrees);
    }

    private static String code(Runnable call) {
        return assertThrows(SsmException.class, call::run).awsErrorDetails().errorCode();
    }

    private static String message(Runnable call) {
        return assertThrows(SsmException.class, call::run).awsErrorDetails().errorMessage();
    }

    @Test
    void badFiltersAreValidationErrorsThatNameTheFilter() {
        assertTrue(message(() -> filtered(filter("ExecutionId", "LESS_THAN", history.get(0).executionId())))
                .contains("ExecutionId"));
        assertTrue(message(() -> filtered(filter("Status", "GREATER_THAN", "Success"))).contains("Status"));
        assertTrue(message(() -> filtered(filter("CreatedTime", "EQUAL", "yesterday"))).contains("CreatedTime"));
        assertTrue(message(() -> filtered(filter("CreatedTime", "LESS_THAN", "2019-02-30T10:00:00Z"))).contains("CreatedTime"));
        assertTrue(message(() -> filtered(filter("ExecutionId", "EQUAL", "not-a-uuid"))).contains("ExecutionId"));
        assertEquals("ValidationException", code(() -> filtered(filter("Owner", "EQUAL", "x"))));
        assertEquals("ValidationException", code(() -> filtered(filter("Status", "LIKE", "x"))));
        assertEquals("ValidationException", code(() -> ssm.describeAssociationExecutions(r -> r.associationId(associationId)
                .maxResults(51))));
        assertEquals("ValidationException", code(() -> ssm.describeAssociationExecutions(r -> r.associationId(associationId)
                .maxResults(0))));
        assertEquals("ValidationException", code(() -> ssm.describeAssociationExecutions(r -> r.associationId("nope"))));
    }

    @Test
    void tokensAreBoundToAssociationAndFilters() {
        String token = ssm.describeAssociationExecutions(r -> r.associationId(associationId).maxResults(5)).nextToken();
        assertEquals("InvalidNextToken", code(() -> ssm.describeAssociationExecutions(r -> r.associationId(associationId)
                .nextToken(token).filters(filter("Status", "EQUAL", "Success")))));
        assertEquals("InvalidNextToken", code(() -> ssm.describeAssociationExecutions(r -> r.associationId(associationId)
                .nextToken(token.substring(1)))));
        String other = ssm.createAssociation(r -> r.name("AWS-RunShellScript").targets(t -> t.key("tag:none").values("none"))
                .parameters(java.util.Map.of("commands", List.of("echo")))).associationDescription().associationId();
        assertEquals("InvalidNextToken", code(() -> ssm.describeAssociationExecutions(r -> r.associationId(other)
                .nextToken(token))));
        assertEquals("InvalidNextToken", code(() -> ssm.listAssociations(r -> r.nextToken(token))));
        DescribeAssociationExecutionsResponse last = ssm.describeAssociationExecutions(r -> r.associationId(associationId)
                .maxResults(50).filters(filter("ExecutionId", "EQUAL", history.get(0).executionId())));
        assertNull(last.nextToken());
    }
}
