package steward.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ComplianceQueryOperatorType;
import software.amazon.awssdk.services.ssm.model.ComplianceStringFilter;
import steward.compliance.ComplianceExecutionSummary;
import steward.compliance.ComplianceItemEntry;
import steward.compliance.ComplianceSeverity;
import steward.compliance.ComplianceUpload;
import steward.node.ManagedNode;
import steward.node.NodeBehavior;
import steward.node.SqlNodeStore;
import steward.server.ServerConfig;
import steward.server.Steward;
import steward.storage.ComplianceStore;
import steward.storage.sql.SqlComplianceStore;
import steward.storage.sqlite.SqliteDatabase;
import steward.tenant.Tenant;

/**
 * The compliance reads over a fleet: loads {@code nodes} managed nodes, each with one
 * Association item and a Custom type of {@code items} items (mixed statuses and severities),
 * through the storage code, then starts the server on that store and times each call through
 * the SDK for Java v2 (one client, no retries, sequential calls): first and middle pages of
 * resource summaries, a filtered one, the per-type summaries, one node's items, and a COMPLETE
 * upload replacing a node's items. Prints one Markdown table row per call.
 * Arguments: nodes (2000), items per node (20), samples per call (100).
 */
public final class ComplianceBenchmark {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = Files.createTempDirectory("steward-bench-compliance");
        List<String> ids = load(dir, nodes, items);
        try (Steward steward = Steward.start(new ServerConfig("127.0.0.1", 0, dir, ServerConfig.DEFAULT_ASSOCIATION_LIMIT));
             SsmClient ssm = client(URI.create("http://127.0.0.1:" + steward.address().getPort()))) {
            String middle = null;
            for (int page = 0; page < nodes / 50; page++) {
                String after = middle;
                middle = ssm.listResourceComplianceSummaries(r -> r.maxResults(50).nextToken(after)).nextToken();
            }
            String deep = middle;
            ComplianceStringFilter nonCompliant = ComplianceStringFilter.builder().key("Status")
                    .type(ComplianceQueryOperatorType.EQUAL).values("NON_COMPLIANT").build();
            System.out.printf("%d nodes, %d items in the store; %d samples per call%n%n", nodes, nodes * (items + 1L),
                    samples);
            System.out.println("| call | p50 ms | p99 ms | max ms |");
            System.out.println("| --- | --- | --- | --- |");
            time("ListResourceComplianceSummaries, first page of 50", samples,
                    () -> ssm.listResourceComplianceSummaries(r -> r.maxResults(50)));
            time("ListResourceComplianceSummaries, a page in the middle", samples,
                    () -> ssm.listResourceComplianceSummaries(r -> r.maxResults(50).nextToken(deep)));
            time("ListResourceComplianceSummaries, Status NON_COMPLIANT", samples,
                    () -> ssm.listResourceComplianceSummaries(r -> r.maxResults(50).filters(nonCompliant)));
            time("ListComplianceSummaries (every item of the account)", samples,
                    () -> ssm.listComplianceSummaries(r -> r.maxResults(50)));
            Random random = new Random(7);
            time("ListComplianceItems, one node", samples,
                    () -> ssm.listComplianceItems(r -> r.resourceIds(ids.get(random.nextInt(ids.size())))));
            time("PutComplianceItems, " + items + " items replacing a node's type", samples, () -> ssm.putComplianceItems(r -> r
                    .resourceId(ids.get(random.nextInt(ids.size()))).resourceType("ManagedInstance")
                    .complianceType("Custom:Bench").executionSummary(s -> s.executionTime(Instant.now()))
                    .items(sdkItems(items, random))));
        }
    }

    private static List<String> load(Path dir, int nodes, int items) {
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        try (SqliteDatabase database = new SqliteDatabase(dir)) {
            SqlNodeStore nodeStore = new SqlNodeStore(database);
            ComplianceStore compliance = new SqlComplianceStore(database);
            Random random = new Random(42);
            Instant now = Instant.now();
            for (int n = 0; n < nodes; n++) {
                String id = String.format("mi-%017x", n + 1);
                ids.add(id);
                nodeStore.insert(new ManagedNode(TENANT, id, "host-" + n, "Linux", "Linux", "1", "3.3", "10.0.0.1", "Online",
                        now, now, NodeBehavior.SUCCEED_AT_ONCE), List.of());
                ComplianceExecutionSummary at = new ComplianceExecutionSummary(now, null, null);
                compliance.put(TENANT, new ComplianceUpload("ManagedInstance", id, "Association", at, List.of(
                        new ComplianceItemEntry("00000000-0000-4000-8000-000000000001", "", "HIGH",
                                random.nextInt(10) == 0 ? "NON_COMPLIANT" : "COMPLIANT", null)), null, false),
                        new ComplianceStore.Limits(10, Long.MAX_VALUE));
                List<ComplianceItemEntry> entries = new ArrayList<>();
                for (int i = 0; i < items; i++) {
                    entries.add(new ComplianceItemEntry("KB" + i, "item " + i,
                            ComplianceSeverity.values()[random.nextInt(6)].name(),
                            random.nextInt(20) == 0 ? "NON_COMPLIANT" : "COMPLIANT", null));
                }
                compliance.put(TENANT, new ComplianceUpload("ManagedInstance", id, "Custom:Bench", at, entries, null, false),
                        new ComplianceStore.Limits(10, Long.MAX_VALUE));
            }
        }
        System.out.printf("loaded %d nodes in %.1f s%n", nodes, (System.nanoTime() - started) / 1e9);
        return ids;
    }

    private static List<software.amazon.awssdk.services.ssm.model.ComplianceItemEntry> sdkItems(int count, Random random) {
        List<software.amazon.awssdk.services.ssm.model.ComplianceItemEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(software.amazon.awssdk.services.ssm.model.ComplianceItemEntry.builder().id("KB" + i)
                    .severity(ComplianceSeverity.values()[random.nextInt(6)].name())
                    .status(random.nextBoolean() ? "COMPLIANT" : "NON_COMPLIANT").build());
        }
        return entries;
    }

    private static void time(String name, int samples, Runnable call) {
        for (int i = 0; i < Math.min(20, samples); i++) {
            call.run();
        }
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            call.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("| %s | %.1f | %.1f | %.1f |%n", name, millis[samples / 2], millis[(int) Math.ceil(samples * 0.99) - 1],
                millis[samples - 1]);
    }

    private static SsmClient client(URI endpoint) {
        return SsmClient.builder().endpointOverride(endpoint).region(Region.of(TENANT.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
