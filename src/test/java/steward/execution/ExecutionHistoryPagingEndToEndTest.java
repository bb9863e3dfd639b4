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
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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
 *
 * <p>The history is exact: one run on the failing node alone (Failed), one on the succeeding node
 * when it joins (Success), then {@link #STARTED_ONCE} runs started by StartAssociationsOnce on
 * both nodes, each Failed (one node fails) or TimedOut (a newer run started before it finished),
 * as the timing falls.
 */
class ExecutionHistoryPagingEndToEndTest {
    private static final int STARTED_ONCE = 1_010;
    private static final int RUNS = 2 + STARTED_ONCE;
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
        for (int started = 0; started < STARTED_ONCE; started += tenTimes.length) {
            ssm.startAssociationsOnce(r -> r.associationIds(tenTimes));
        }
        history = fleet.awaitRuns(associationId, RUNS);
        assertEquals(RUNS, history.size(), "runs in the history");
        System.out.println("ExecutionHistoryPagingEndToEndTest: runs by status " + history.stream()
                .collect(Collectors.groupingBy(AssociationExecution::status, TreeMap::new, Collectors.counting())));
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    @Test
    void historyIsNewestFirst() {
        assertEquals(RUNS, history.size());
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
        assertEquals(1, filtered(filter("Status", "EQUAL", "Success")).size(), "the run when the succeeding node joined");
        assertTrue(filtered(filter("Status", "EQUAL", "Failed")).size() >= 1, "the first run, on the failing node alone");
        assertEquals(RUNS - 1, filtered(filter("Status", "EQUAL", "Failed")).size()
                + filtered(filter("Status", "EQUAL", "TimedOut")).size(), "every other run failed or timed out");
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

    /** Filters on the status most runs have (Failed or TimedOut, as the timing fell), so the listing spans many pages. */
    @Test
    void filteredPagesNeverSkipOrRepeat() {
        String status = history.stream().collect(Collectors.groupingBy(AssociationExecution::status, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<String> all = expected(e -> e.status().equals(status));
        assertTrue(all.size() >= RUNS / 2, status + " is the status of at least half the runs: " + all.size());
        assertEquals(all, filtered(filter("Status", "EQUAL", status)));
        int size = 7;
        List<List<String>> pages = pages(size, filter("Status", "EQUAL", status));
        int full = all.size() / size;
        int rest = all.size() % size;
        List<Integer> expectedSizes = new ArrayList<>(Collections.nCopies(full, size));
        if (rest > 0) {
            expectedSizes.add(rest);
        }
        assertTrue(expectedSizes.size() > 1);
        assertEquals(expectedSizes, pages.stream().map(List::size).toList(), "the size of every page of " + size);
        assertEquals(all, pages.stream().flatMap(List::stream).toList());
        List<String> viaPaginator = ssm.describeAssociationExecutionsPaginator(r -> r.associationId(associationId)
                .maxResults(3).filters(filter("Status", "EQUAL", status))).associationExecutions().stream()
                .map(AssociationExecution::executionId).toList();
        assertEquals(all, viaPaginator);
    }

    /** Walks the listing page by page, each token used once, and returns the pages. */
    private static List<List<String>> pages(int size, AssociationExecutionFilter... filters) {
        List<List<String>> pages = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = null;
        do {
            String current = token;
            DescribeAssociationExecutionsResponse page = ssm.describeAssociationExecutions(r -> r
                    .associationId(associationId).maxResults(size).filters(filters).nextToken(current));
            pages.add(page.associationExecutions().stream().map(AssociationExecution::executionId).toList());
            token = page.nextToken();
            assertTrue(token == null || tokens.add(token), "token repeated");
        } while (token != null);
        return pages;
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
