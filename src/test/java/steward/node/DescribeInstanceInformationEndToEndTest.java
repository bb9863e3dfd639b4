package steward.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationRequest;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationResponse;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationFilter;
import software.amazon.awssdk.services.ssm.model.InstanceInformationFilterKey;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.SsmException;
import steward.testing.ControlClient;
import steward.testing.SignedHttp;
import steward.testing.TestServer;

/** DescribeInstanceInformation as the AWS SDK sees it, for nodes registered through the control API. */
class DescribeInstanceInformationEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger ACCOUNTS = new AtomicInteger(100_000_000);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh account per test, so tests see only their own nodes. */
    private record Account(SsmClient ssm, ControlClient control) {
        String register(String body) {
            SignedHttp.Response response = control.post("/_steward/nodes", body);
            assertEquals(200, response.status(), response.body());
            try {
                return JSON.readTree(response.body()).get("InstanceId").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        List<String> ids(DescribeInstanceInformationRequest request) {
            List<String> ids = new ArrayList<>();
            ssm.describeInstanceInformationPaginator(request).instanceInformationList()
                    .forEach(i -> ids.add(i.instanceId()));
            return ids;
        }

        String code(DescribeInstanceInformationRequest request) {
            return assertThrows(SsmException.class, () -> ssm.describeInstanceInformation(request))
                    .awsErrorDetails().errorCode();
        }
    }

    private static Account account() {
        String key = String.format("%012d", ACCOUNTS.incrementAndGet());
        return new Account(server.client(key, TestServer.REGION), new ControlClient(server.endpoint(), key, TestServer.REGION));
    }

    private static InstanceInformationStringFilter filter(String key, String... values) {
        return InstanceInformationStringFilter.builder().key(key).values(values).build();
    }

    private static InstanceInformationFilter legacy(InstanceInformationFilterKey key, String... values) {
        return InstanceInformationFilter.builder().key(key).valueSet(values).build();
    }

    private static DescribeInstanceInformationRequest filters(InstanceInformationStringFilter... filters) {
        return DescribeInstanceInformationRequest.builder().filters(filters).build();
    }

    @Test
    void everyMemberStewardKnowsIsFilledIn() {
        Account a = account();
        Instant before = Instant.now().minusSeconds(1);
        String id = a.register("{\"ComputerName\": \"web-1.example.com\", \"PlatformType\": \"Windows\"}");
        InstanceInformation info = a.ssm().describeInstanceInformation(r -> r.filters(filter("InstanceIds", id)))
                .instanceInformationList().get(0);
        assertEquals(id, info.instanceId());
        assertEquals("Online", info.pingStatusAsString());
        assertTrue(Duration.between(before, info.lastPingDateTime()).toMinutes() < 1);
        assertEquals("3.3.1142.0", info.agentVersion());
        assertEquals(true, info.isLatestVersion());
        assertEquals("Windows", info.platformTypeAsString());
        assertEquals("Microsoft Windows Server 2022 Datacenter", info.platformName());
        assertEquals("10.0.20348", info.platformVersion());
        assertEquals(info.lastPingDateTime(), info.registrationDate());
        assertEquals("ManagedInstance", info.resourceTypeAsString());
        assertTrue(info.ipAddress().startsWith("10."), info.ipAddress());
        assertEquals("web-1.example.com", info.computerName());
        assertEquals(id, info.sourceId());
        assertEquals("AWS::SSM::ManagedInstance", info.sourceTypeAsString());
        assertNull(info.associationStatus(), "Steward does not invent an association status");
    }

    @Test
    void ec2IdsAreReportedAsEc2Instances() {
        Account a = account();
        a.register("{\"InstanceId\": \"i-0123456789abcdef0\"}");
        InstanceInformation info = a.ssm().describeInstanceInformation().instanceInformationList().get(0);
        assertEquals("EC2Instance", info.resourceTypeAsString());
        assertEquals("AWS::EC2::Instance", info.sourceTypeAsString());
        assertEquals(List.of("i-0123456789abcdef0"), a.ids(filters(filter("ResourceType", "EC2Instance"))));
        assertEquals(List.of(), a.ids(filters(filter("ResourceType", "ManagedInstance"))));
    }

    @Test
    void paginatorVisitsEveryNodeOnceInIdOrderFivePerPage() {
        Account a = account();
        List<String> registered = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            registered.add(a.register("{}"));
        }
        List<String> seen = new ArrayList<>();
        int pages = 0;
        for (DescribeInstanceInformationResponse page : a.ssm().describeInstanceInformationPaginator(r -> r.maxResults(5))) {
            assertTrue(page.instanceInformationList().size() <= 5);
            page.instanceInformationList().forEach(i -> seen.add(i.instanceId()));
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(registered.stream().sorted().toList(), seen);
        assertEquals(13, a.ssm().describeInstanceInformation().instanceInformationList().size(), "default page holds 50");
    }

    @Test
    void pagesOfAFilteredListingStayFiltered() {
        Account a = account();
        List<String> linux = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            linux.add(a.register("{\"PlatformType\": \"Linux\"}"));
            a.register("{\"PlatformType\": \"MacOS\"}");
        }
        DescribeInstanceInformationRequest request = DescribeInstanceInformationRequest.builder().maxResults(5)
                .instanceInformationFilterList(legacy(InstanceInformationFilterKey.PLATFORM_TYPES, "Linux")).build();
        assertEquals(linux.stream().sorted().toList(), a.ids(request));
        List<Integer> sizes = new ArrayList<>();
        a.ssm().describeInstanceInformationPaginator(request).forEach(page -> sizes.add(page.instanceInformationList().size()));
        assertEquals(List.of(5, 3), sizes, "8 matching nodes of 16, five to a page");
    }

    @Test
    void aTokenIsRefusedForOtherFiltersOrAnotherAccount() {
        Account a = account();
        for (int i = 0; i < 6; i++) {
            a.register("{\"Tags\": [{\"Key\": \"env\", \"Value\": \"prod\"}]}");
        }
        String token = a.ssm().describeInstanceInformation(r -> r.maxResults(5).filters(filter("tag:env", "prod")))
                .nextToken();
        assertNotNull(token);
        assertEquals(1, a.ssm().describeInstanceInformation(r -> r.maxResults(5).nextToken(token)
                .filters(filter("tag:env", "prod"))).instanceInformationList().size());
        assertEquals("InvalidNextToken", a.code(DescribeInstanceInformationRequest.builder().nextToken(token)
                .filters(filter("tag:env", "dev")).build()));
        assertEquals("InvalidNextToken", a.code(DescribeInstanceInformationRequest.builder().nextToken(token).build()));
        assertEquals("InvalidNextToken", account().code(DescribeInstanceInformationRequest.builder().nextToken(token)
                .filters(filter("tag:env", "prod")).build()));
    }

    @Test
    void legacyFiltersSelectByIdPlatformPingStatusAndAgentVersion() {
        Account a = account();
        String linux = a.register("{}");
        String windows = a.register("{\"PlatformType\": \"Windows\"}");
        assertEquals(List.of(windows), a.ids(DescribeInstanceInformationRequest.builder().instanceInformationFilterList(
                legacy(InstanceInformationFilterKey.PLATFORM_TYPES, "Windows")).build()));
        assertEquals(List.of(linux), a.ids(DescribeInstanceInformationRequest.builder().instanceInformationFilterList(
                legacy(InstanceInformationFilterKey.INSTANCE_IDS, linux, "mi-0000000000000000f")).build()));
        assertEquals(2, a.ids(DescribeInstanceInformationRequest.builder().instanceInformationFilterList(
                legacy(InstanceInformationFilterKey.PING_STATUS, "Online"),
                legacy(InstanceInformationFilterKey.AGENT_VERSION, "3.3.1142.0")).build()).size());
        assertEquals(List.of(), a.ids(DescribeInstanceInformationRequest.builder().instanceInformationFilterList(
                legacy(InstanceInformationFilterKey.PING_STATUS, "ConnectionLost")).build()));
        assertEquals(List.of(), a.ids(DescribeInstanceInformationRequest.builder().instanceInformationFilterList(
                legacy(InstanceInformationFilterKey.ACTIVATION_IDS, "a1b2c3")).build()));
    }

    @Test
    void tagFiltersMatchAnyValueAndCombineWithOtherFilters() {
        Account a = account();
        String web = a.register("{\"Tags\": [{\"Key\": \"role\", \"Value\": \"web\"}, {\"Key\": \"env\", \"Value\": \"prod\"}]}");
        String db = a.register("{\"PlatformType\": \"Windows\", \"Tags\": [{\"Key\": \"role\", \"Value\": \"db\"}]}");
        a.register("{}");
        assertEquals(List.of(web, db).stream().sorted().toList(), a.ids(filters(filter("tag:role", "web", "db"))));
        assertEquals(List.of(web), a.ids(filters(filter("tag-key", "env"))));
        assertEquals(List.of(db), a.ids(filters(filter("tag-key", "role"), filter("PlatformTypes", "Windows"))));
        assertEquals(List.of(db), a.ids(filters(filter("tag:role", "web", "db"), filter("PlatformType", "Windows"))));
        assertEquals(List.of(), a.ids(filters(filter("tag:role", "web"), filter("tag:env", "dev"))));
        assertEquals(List.of(web), a.ids(filters(filter("SourceIds", web), filter("SourceTypes", "AWS::SSM::ManagedInstance"))));
    }

    @Test
    void unknownFilterKeysAreInvalidFilterKey() {
        Account a = account();
        assertEquals("InvalidFilterKey", a.code(filters(filter("Colour", "blue"))));
        assertEquals("InvalidFilterKey", a.code(filters(filter("tag:", "x"))));
        assertEquals("InvalidFilterKey", a.code(filters(filter("instanceids", "*"))));
    }

    @Test
    void badFilterValuesAreInvalidInstanceInformationFilterValue() {
        Account a = account();
        assertEquals("InvalidInstanceInformationFilterValue", a.code(filters(filter("PingStatus", "Asleep"))));
        assertEquals("InvalidInstanceInformationFilterValue", a.code(filters(filter("PlatformTypes", "Solaris"))));
        assertEquals("InvalidInstanceInformationFilterValue",
                a.code(filters(filter("ResourceType", "EC2Instance", "ManagedInstance"))));
        assertEquals("InvalidInstanceInformationFilterValue", a.code(filters(filter("AssociationStatus", "Great"))));
        assertEquals("InvalidInstanceId", a.code(filters(filter("InstanceIds", "not-an-instance"))));
    }

    @Test
    void bothFilterListsAtOnceAreRefused() {
        Account a = account();
        assertEquals("InvalidInstanceInformationFilterValue", a.code(DescribeInstanceInformationRequest.builder()
                .filters(filter("PingStatus", "Online"))
                .instanceInformationFilterList(legacy(InstanceInformationFilterKey.PING_STATUS, "Online")).build()));
    }

    @Test
    void maxResultsOutsideFiveToFiftyIsAValidationError() {
        Account a = account();
        assertEquals("ValidationException", a.code(DescribeInstanceInformationRequest.builder().maxResults(4).build()));
        assertEquals("ValidationException", a.code(DescribeInstanceInformationRequest.builder().maxResults(51).build()));
    }

    @Test
    void anotherAccountOrRegionSeesNoneOfTheNodes() {
        Account a = account();
        String id = a.register("{}");
        assertEquals(List.of(), account().ids(DescribeInstanceInformationRequest.builder().build()));
        try (SsmClient otherRegion = server.client(keyOf(a), "eu-west-1")) {
            assertEquals(0, otherRegion.describeInstanceInformation().instanceInformationList().size());
        }
        assertEquals(List.of(id), a.ids(DescribeInstanceInformationRequest.builder().build()));
    }

    private static String keyOf(Account a) {
        return a.ssm().serviceClientConfiguration().credentialsProvider().resolveIdentity().join().accessKeyId();
    }
}
