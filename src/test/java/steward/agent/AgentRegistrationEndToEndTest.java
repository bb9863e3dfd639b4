package steward.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Activation;
import software.amazon.awssdk.services.ssm.model.CreateActivationResponse;
import software.amazon.awssdk.services.ssm.model.DescribeActivationsFilterKeys;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InvalidActivationException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvalidParametersException;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;
import steward.testing.ControlClient;
import steward.testing.TestServer;

/**
 * Activations, registration, credentials and health, end to end: activations through SDK v2, the
 * agent's side through {@link TestAgent}, on a server whose clock the test moves (expiry,
 * heartbeats and credential lifetimes are all measured on it).
 */
class AgentRegistrationEndToEndTest {
    private static TestServer server;
    private static SsmClient ssm;
    private static ControlClient control;
    private AgentFixture fixture;

    @BeforeAll
    static void start() {
        server = TestServer.withManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ssm = AgentFixture.client(server.endpoint());
        control = new ControlClient(server.endpoint());
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    @BeforeEach
    void fixture() {
        fixture = new AgentFixture(server.endpoint(), ssm);
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    private static void advance(long seconds) {
        var response = control.post("/_steward/clock", "{\"AdvanceSeconds\": " + seconds + "}");
        assertEquals(200, response.status(), response.body());
    }

    /** steward_agents_online as Prometheus' own parser reads it from GET /metrics. */
    private static double agentsOnline() throws Exception {
        return gauge("steward_agents_online");
    }

    private static double gauge(String name) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                server.endpoint().resolve("/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return steward.testing.PrometheusText.parse(response.body()).get(name).value(name, java.util.Map.of());
    }

    @Test
    void theAgentsOnlineMetricCountsAnAgentFromItsReportUntilItFallsSilent() throws Exception {
        double before = agentsOnline();
        TestAgent agent = fixture.online();
        assertEquals(before + 1, agentsOnline(), "online from its first health report");
        advance(11 * 60);
        double silent = agentsOnline();
        assertTrue(silent <= before, "silent for 11 minutes is not online: " + silent);
        agent.reportHealth();
        assertEquals(silent + 1, agentsOnline(), "online again with its next report");

        double polls = gauge("steward_long_polls_open");
        byte[] body = TestAgent.JSON.writeValueAsBytes(TestAgent.JSON.createObjectNode()
                .put("Destination", agent.instanceId()).put("MessagesRequestId", java.util.UUID.randomUUID().toString())
                .put("VisibilityTimeoutInSeconds", 10));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var held = http.sendAsync(agent.signedRequest("EC2WindowsMessageDeliveryService.GetMessages", "ec2messages",
                body, java.time.Duration.ofSeconds(30)), java.net.http.HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (gauge("steward_long_polls_open") != polls + 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(polls + 1, gauge("steward_long_polls_open"), "the agent's GetMessages is held open");
        held.cancel(true);
    }

    private static InstanceInformation describe(String instanceId) {
        List<InstanceInformation> found = ssm.describeInstanceInformation(r -> r.filters(f -> f.key("InstanceIds")
                .values(instanceId))).instanceInformationList();
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    @Test
    void anActivationIsDescribedWithEveryMemberAndItsCodeOnlyOnce() {
        Instant expiration = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        CreateActivationResponse created = ssm.createActivation(r -> r.iamRole("MyRole").description("lab machines")
                .defaultInstanceName("lab").registrationLimit(5).expirationDate(expiration)
                .tags(Tag.builder().key("env").value("lab").build())
                .registrationMetadata(m -> m.key("owner").value("ops")));
        assertTrue(created.activationId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertEquals(20, created.activationCode().length());

        Activation a = ssm.describeActivations(r -> r.filters(f -> f.filterKey(DescribeActivationsFilterKeys.ACTIVATION_IDS)
                .filterValues(created.activationId()))).activationList().get(0);
        assertEquals("MyRole", a.iamRole());
        assertEquals("lab machines", a.description());
        assertEquals("lab", a.defaultInstanceName());
        assertEquals(5, a.registrationLimit());
        assertEquals(0, a.registrationsCount());
        assertEquals(expiration, a.expirationDate());
        assertFalse(a.expired());
        assertNotNull(a.createdDate());
        assertEquals(List.of(Tag.builder().key("env").value("lab").build()), a.tags());
        assertFalse(ssm.describeActivations(r -> r.filters(f -> f.filterKey(DescribeActivationsFilterKeys.ACTIVATION_IDS)
                .filterValues(created.activationId()))).toString().contains(created.activationCode()));
    }

    @Test
    void theDefaultExpiryIs24HoursAndMoreThan30DaysIsRefused() {
        CreateActivationResponse created = ssm.createActivation(r -> r.iamRole("R"));
        Activation a = ssm.describeActivations(r -> r.filters(f -> f.filterKey(DescribeActivationsFilterKeys.ACTIVATION_IDS)
                .filterValues(created.activationId()))).activationList().get(0);
        assertEquals(24 * 3600, a.expirationDate().getEpochSecond() - a.createdDate().getEpochSecond(), 2);
        assertEquals(1, a.registrationLimit());
        InvalidParametersException tooLong = assertThrows(InvalidParametersException.class, () -> ssm.createActivation(
                r -> r.iamRole("R").expirationDate(Instant.now().plus(31, ChronoUnit.DAYS))));
        assertTrue(tooLong.getMessage().contains("ExpirationDate"), tooLong.getMessage());
        assertThrows(InvalidParametersException.class, () -> ssm.createActivation(
                r -> r.iamRole("R").expirationDate(Instant.now().minus(1, ChronoUnit.HOURS))));
    }

    @Test
    void describeActivationsFiltersAndPages() {
        String role = "PagingRole" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            ssm.createActivation(r -> r.iamRole(role));
        }
        var pages = ssm.describeActivationsPaginator(r -> r.maxResults(2).filters(f -> f
                .filterKey(DescribeActivationsFilterKeys.IAM_ROLE).filterValues(role)));
        assertEquals(5, pages.activationList().stream().count());
        assertEquals(3, pages.stream().count());
        assertThrows(software.amazon.awssdk.services.ssm.model.InvalidFilterException.class, () -> ssm.describeActivations(
                r -> r.filters(f -> f.filterKey(DescribeActivationsFilterKeys.IAM_ROLE))));
    }

    @Test
    void anAgentRegistersReportsAndShowsOnlineWithItsRegistration() {
        CreateActivationResponse activation = ssm.createActivation(r -> r.iamRole(AgentFixture.ROLE).registrationLimit(2)
                .defaultInstanceName("rack-7").tags(Tag.builder().key("team").value("blue").build()));
        TestAgent agent = fixture.online(activation);
        assertTrue(agent.instanceId().matches("mi-[0-9a-f]{17}"), agent.instanceId());

        InstanceInformation info = describe(agent.instanceId());
        assertEquals("Online", info.pingStatusAsString());
        assertEquals(activation.activationId(), info.activationId());
        assertEquals(AgentFixture.ROLE, info.iamRole());
        assertEquals("rack-7", info.name());
        assertEquals("ManagedInstance", info.resourceTypeAsString());
        assertNotNull(info.registrationDate());
        assertEquals(TestAgent.VERSION, info.agentVersion());
        assertEquals("Linux", info.platformTypeAsString());
        assertEquals("Debian GNU/Linux", info.platformName());
        assertEquals("12", info.platformVersion());
        assertEquals("192.0.2.10", info.ipAddress());
        assertEquals("test-agent-" + agent.instanceId(), info.computerName());

        Activation described = ssm.describeActivations(r -> r.filters(f -> f
                .filterKey(DescribeActivationsFilterKeys.ACTIVATION_IDS).filterValues(activation.activationId())))
                .activationList().get(0);
        assertEquals(1, described.registrationsCount());
        assertEquals(List.of(agent.instanceId()), ssm.describeInstanceInformation(r -> r.filters(f -> f
                .key("ActivationIds").values(activation.activationId()))).instanceInformationList().stream()
                .map(InstanceInformation::instanceId).toList());
        assertTrue(ssm.describeInstanceInformation(r -> r.instanceInformationFilterList(f -> f
                .key("IamRole").valueSet(AgentFixture.ROLE))).instanceInformationList().stream()
                .anyMatch(i -> i.instanceId().equals(agent.instanceId())));
        assertTrue(ssm.describeInstanceInformation(r -> r.filters(f -> f.key("IamRole").values("NoSuchRole")))
                .instanceInformationList().isEmpty());
        assertEquals(List.of(Tag.builder().key("team").value("blue").build()), ssm.listTagsForResource(r -> r
                .resourceType(ResourceTypeForTagging.MANAGED_INSTANCE).resourceId(agent.instanceId())).tagList());
    }

    @Test
    void silenceMakesANodeConnectionLostAndAReportBringsItBack() {
        TestAgent agent = fixture.online();
        assertEquals("Online", describe(agent.instanceId()).pingStatusAsString());
        advance(9 * 60);
        assertEquals("Online", describe(agent.instanceId()).pingStatusAsString());
        advance(2 * 60);
        assertEquals("ConnectionLost", describe(agent.instanceId()).pingStatusAsString());
        assertTrue(ssm.describeInstanceInformation(r -> r.filters(f -> f.key("PingStatus").values("ConnectionLost")))
                .instanceInformationList().stream().anyMatch(i -> i.instanceId().equals(agent.instanceId())));
        agent.reportHealth();
        assertEquals("Online", describe(agent.instanceId()).pingStatusAsString());
    }

    @Test
    void wrongExpiredAndExhaustedActivationsAreRefusedAsAwsDoes() {
        CreateActivationResponse activation = fixture.activation(1);
        TestAgent first = fixture.agent();
        TestAgent.CallFailed wrong = assertThrows(TestAgent.CallFailed.class,
                () -> first.register(activation.activationId(), "AAAAAAAAAAAAAAAAAAAA"));
        assertEquals("InvalidActivation", wrong.code);
        TestAgent.CallFailed unknown = assertThrows(TestAgent.CallFailed.class,
                () -> first.register(UUID.randomUUID().toString(), activation.activationCode()));
        assertEquals("InvalidActivation", unknown.code);

        first.register(activation.activationId(), activation.activationCode());
        TestAgent second = fixture.agent();
        TestAgent.CallFailed limit = assertThrows(TestAgent.CallFailed.class,
                () -> second.register(activation.activationId(), activation.activationCode()));
        assertEquals("RegistrationLimitExceeded", limit.code);

        CreateActivationResponse shortLived = ssm.createActivation(r -> r.iamRole("R")
                .expirationDate(Instant.ofEpochSecond((long) currentClockSeconds()).plus(1, ChronoUnit.HOURS)));
        advance(2 * 3600);
        TestAgent late = fixture.agent();
        TestAgent.CallFailed expired = assertThrows(TestAgent.CallFailed.class,
                () -> late.register(shortLived.activationId(), shortLived.activationCode()));
        assertEquals("ActivationExpired", expired.code);
        assertTrue(ssm.describeActivations(r -> r.filters(f -> f.filterKey(DescribeActivationsFilterKeys.ACTIVATION_IDS)
                .filterValues(shortLived.activationId()))).activationList().get(0).expired());
    }

    @Test
    void aStreamOfWrongCodesIsSlowedDown() {
        CreateActivationResponse activation = fixture.activation(1);
        TestAgent agent = fixture.agent();
        for (int i = 0; i < 5; i++) {
            assertEquals("InvalidActivation", assertThrows(TestAgent.CallFailed.class,
                    () -> agent.register(activation.activationId(), "BBBBBBBBBBBBBBBBBBBB")).code);
        }
        // Even the right code waits until the window has passed.
        assertEquals("TooManyUpdates", assertThrows(TestAgent.CallFailed.class,
                () -> agent.register(activation.activationId(), activation.activationCode())).code);
        advance(61);
        agent.register(activation.activationId(), activation.activationCode());
    }

    @Test
    void aBadKeyOrSignatureIsRefused() {
        CreateActivationResponse activation = fixture.activation(2);
        TestAgent agent = fixture.agent();
        ObjectNode body = TestAgent.JSON.createObjectNode().put("ActivationCode", activation.activationCode())
                .put("ActivationId", activation.activationId()).put("PublicKey", "A".repeat(400))
                .put("PublicKeyType", "Rsa").put("Fingerprint", UUID.randomUUID().toString());
        assertEquals("InvalidPublicKey", assertThrows(TestAgent.CallFailed.class, () -> agent.send(
                "AmazonSSM.RegisterManagedInstance", TestAgent.bytes(body), Map.of())).code);

        agent.register(activation.activationId(), activation.activationCode());
        byte[] payload = "{\"Fingerprint\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        String target = "AmazonSSM.RequestManagedInstanceRoleToken";
        // Signed by a key that is not the registered one.
        var foreign = agent.rsaHeaders(target, payload, Instant.now(), TestAgent.newKeys());
        assertEquals("InvalidSignatureException", assertThrows(TestAgent.CallFailed.class,
                () -> agent.send(target, payload, foreign)).code);
        // The registered key, but the body altered after signing.
        var headers = agent.rsaHeaders(target, payload, Instant.now(), agent.keys());
        var altered = new java.util.HashMap<>(headers);
        altered.remove("X-Amz-Content-Sha256");
        assertEquals("InvalidSignatureException", assertThrows(TestAgent.CallFailed.class, () -> agent.send(target,
                "{\"Fingerprint\":\"y\"}".getBytes(StandardCharsets.UTF_8), altered)).code);
        // A request sent twice: the first passes (and fails on the fingerprint), the replay is refused.
        assertEquals("MachineFingerprintDoesNotMatch", assertThrows(TestAgent.CallFailed.class,
                () -> agent.send(target, payload, headers)).code);
        assertEquals("InvalidSignatureException", assertThrows(TestAgent.CallFailed.class,
                () -> agent.send(target, payload, headers)).code);
        // Too old to be current.
        var stale = agent.rsaHeaders(target, payload, Instant.now().minus(20, ChronoUnit.MINUTES), agent.keys());
        assertEquals("InvalidSignatureException", assertThrows(TestAgent.CallFailed.class,
                () -> agent.send(target, payload, stale)).code);
        // An instance nobody registered.
        TestAgent stranger = fixture.agent();
        assertThrows(TestAgent.CallFailed.class, stranger::refreshCredentials);
    }

    @Test
    void credentialsWorkForTheAgentsOwnCallsOnly() {
        TestAgent agent = fixture.online();
        TestAgent other = fixture.online();
        TestAgent.CallFailed admin = assertThrows(TestAgent.CallFailed.class, () -> agent.ssm("CreateActivation",
                TestAgent.JSON.createObjectNode().put("IamRole", "Escalated")));
        assertEquals("AccessDeniedException", admin.code);
        assertEquals("AccessDeniedException", assertThrows(TestAgent.CallFailed.class, () -> agent.ssm(
                "DescribeInstanceInformation", TestAgent.JSON.createObjectNode())).code);
        assertEquals("AccessDeniedException", assertThrows(TestAgent.CallFailed.class, () -> agent.ssm(
                "UpdateInstanceInformation", TestAgent.JSON.createObjectNode().put("InstanceId", other.instanceId())
                        .put("AgentVersion", "9.9.9.9"))).code);
        assertEquals("AccessDeniedException", assertThrows(TestAgent.CallFailed.class, () -> agent.mds("GetMessages",
                TestAgent.JSON.createObjectNode().put("Destination", other.instanceId())
                        .put("MessagesRequestId", UUID.randomUUID().toString()))).code);
        // The server's own keys cannot read a node's messages either.
        var adminPoll = new steward.testing.SignedHttp(server.endpoint()).send(
                "EC2WindowsMessageDeliveryService.GetMessages", ("{\"Destination\":\"" + agent.instanceId()
                        + "\",\"MessagesRequestId\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8),
                "test", TestServer.REGION);
        assertEquals(400, adminPoll.status());
        assertTrue(adminPoll.body().contains("InvalidSignatureException"), adminPoll.body());
        var adminScoped = AgentFixture.signedAs(server.endpoint(), "ec2messages",
                "EC2WindowsMessageDeliveryService.GetMessages", "{\"Destination\":\"" + agent.instanceId()
                        + "\",\"MessagesRequestId\":\"" + UUID.randomUUID() + "\"}");
        assertEquals(400, adminScoped.status());
        assertTrue(adminScoped.body().contains("AccessDeniedException"), adminScoped.body());
        assertEquals("Online", describe(other.instanceId()).pingStatusAsString());
    }

    @Test
    void credentialsExpireAndAreRenewedWithTheKey() {
        TestAgent agent = fixture.online();
        TestAgent.Credentials first = agent.credentials();
        assertEquals(3600, first.expiration() - currentClockSeconds(), 5);
        advance(3601);
        TestAgent.CallFailed expired = assertThrows(TestAgent.CallFailed.class, agent::reportHealth);
        assertEquals("ExpiredTokenException", expired.code);
        agent.refreshCredentials();
        assertNotEquals(first.accessKeyId(), agent.credentials().accessKeyId());
        agent.reportHealth();
    }

    @Test
    void aRotatedKeySignsFromThenOn() {
        TestAgent agent = fixture.online();
        java.security.KeyPair old = agent.keys();
        agent.rotateKey();
        agent.refreshCredentials();
        byte[] payload = "{\"Fingerprint\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        String target = "AmazonSSM.RequestManagedInstanceRoleToken";
        assertEquals("InvalidSignatureException", assertThrows(TestAgent.CallFailed.class,
                () -> agent.send(target, payload, agent.rsaHeaders(target, payload, Instant.now(), old))).code);
    }

    @Test
    void deregisteringEndsTheNodeAndItsCredentialsButDeletingTheActivationDoesNot() {
        CreateActivationResponse activation = fixture.activation(3);
        TestAgent kept = fixture.online(activation);
        TestAgent gone = fixture.online(activation);
        ssm.deleteActivation(r -> r.activationId(activation.activationId()));
        assertTrue(ssm.describeActivations(r -> r.filters(f -> f.filterKey(DescribeActivationsFilterKeys.ACTIVATION_IDS)
                .filterValues(activation.activationId()))).activationList().isEmpty());
        assertThrows(InvalidActivationException.class, () -> ssm.deleteActivation(r -> r.activationId(activation.activationId())));
        assertEquals("InvalidActivation", assertThrows(TestAgent.CallFailed.class,
                () -> fixture.agent().register(activation.activationId(), activation.activationCode())).code);
        kept.reportHealth();
        kept.refreshCredentials();
        assertEquals(activation.activationId(), describe(kept.instanceId()).activationId());

        ssm.deregisterManagedInstance(r -> r.instanceId(gone.instanceId()));
        assertTrue(ssm.describeInstanceInformation(r -> r.filters(f -> f.key("InstanceIds").values(gone.instanceId())))
                .instanceInformationList().isEmpty());
        assertEquals("UnrecognizedClientException", assertThrows(TestAgent.CallFailed.class, gone::reportHealth).code);
        assertEquals("UnrecognizedClientException", assertThrows(TestAgent.CallFailed.class, gone::refreshCredentials).code);
        assertThrows(InvalidInstanceIdException.class, () -> ssm.deregisterManagedInstance(r -> r.instanceId(gone.instanceId())));
    }

    private static double currentClockSeconds() {
        String body = control.get("/_steward/clock").body();
        String now = body.replaceAll(".*\"Time\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        return Instant.parse(now).getEpochSecond();
    }
}
