package steward.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CreateAssociationRequest;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ClientProcess;
import steward.testing.ControlClient;
import steward.testing.SignedHttp;
import steward.server.ServerConfig;
import steward.server.Steward;
import steward.testing.TestServer;

/**
 * The web console end to end in headless Chromium (Debian's {@code chromium}, installed here
 * when missing: a machine without it gets it rather than a skipped test), driven by
 * playwright-core from npm (src/test/js/console.test.mjs). The association it looks at is made
 * through boto3; two simulated nodes, one that succeeds and one that fails, give its runs a
 * failed target. The same node run also checks the console's SigV4 signer against the AWS
 * SDK's. A second server, with a credentials file, checks sign-in with an unknown key and with
 * a temporary key and its session token. Screenshots go to target/console-screenshots
 * (docs/console holds the committed ones).
 */
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int DAYS = 12;
    private static final String HEALTHY_STDOUT = "Filesystem  Size  Used Avail Use% Mounted on\\n/dev/root    30G   12G   18G  40% /";
    private static final String FAILED_STDERR = "df: /data: No such file or directory";

    @Test
    void theConsoleInChromium() throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true skips the node and python suites");
        ensureChromium();
        Path project = ClientProcess.projectDir();
        Path js = npmInstalled();
        // A manual clock two weeks back, moved a day at a time, spreads the history over days.
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(DAYS + 1)).plus(Duration.ofHours(1));
        try (TestServer server = TestServer.withManualClock(start); SsmClient ssm = server.client()) {
            ControlClient control = new ControlClient(server.endpoint());
            boolean runCommand = runCommandImplemented(ssm);
            String healthy = node(control, "web-01", behaviour("Success", runCommand, HEALTHY_STDOUT, ""));
            String broken = node(control, "web-02", behaviour("Failed", runCommand, "checking /data", FAILED_STDERR));
            for (String name : List.of("patch-baseline-scan", "inventory-collection", "agent-update")) {
                ssm.createAssociation(CreateAssociationRequest.builder().name("AWS-RunShellScript").associationName(name)
                        .targets(Target.builder().key("InstanceIds").values(healthy).build())
                        .parameters(Map.of("commands", List.of("echo " + name))).scheduleExpression("rate(7 days)").build());
            }
            Path idFile = Files.createTempFile("console-association", ".txt");
            ClientProcess.runAndAssertSuccess(List.of("sh", "-c", "python3 src/test/python/console_fixture.py > " + idFile),
                    project, Map.of("STEWARD_ENDPOINT", server.endpoint().toString()), 3);
            String associationId = Files.readString(idFile).trim();
            Files.delete(idFile);
            assertTrue(associationId.matches("[0-9a-f-]{36}"), associationId);
            for (int day = 1; day <= DAYS; day++) {
                String status = day == DAYS || day % 3 == 0 ? "Failed" : day % 5 == 2 ? "TimedOut" : "Success";
                SignedHttp.Response behaviour = control.put("/_steward/nodes/" + broken + "/behavior",
                        behaviour(status, runCommand, "checking /data", FAILED_STDERR));
                assertEquals(200, behaviour.status(), behaviour.body());
                SignedHttp.Response moved = control.post("/_steward/clock", "{\"AdvanceSeconds\":86400}");
                assertEquals(200, moved.status(), moved.body());
            }
            ClientProcess.runAndAssertSuccess(List.of("node", "--test", "--test-concurrency=1", "sigv4.test.mjs",
                    "console.test.mjs"), js, Map.of(
                    "STEWARD_ENDPOINT", server.endpoint().toString(),
                    "STEWARD_HEALTHY_NODE", healthy,
                    "STEWARD_FAILED_NODE", broken,
                    "STEWARD_CHROMIUM", CHROMIUM.toString(),
                    "STEWARD_HEALTHY_STDOUT", HEALTHY_STDOUT,
                    "STEWARD_FAILED_STDERR", FAILED_STDERR,
                    "STEWARD_SCREENSHOTS", project.resolve("target/console-screenshots").toString()), 8);
        }
    }

    @Test
    void signInWithTheKeysOfACredentialsFile() throws Exception {
        Assumptions.assumeFalse(ClientProcess.skipped(), "steward.skipClients=true skips the node and python suites");
        ensureChromium();
        Path js = npmInstalled();
        Path dir = Files.createTempDirectory("steward-console-keys");
        Path credentials = Files.writeString(dir.resolve("credentials.json"), """
                {"Credentials": [
                  {"AccessKeyId": "ASIACONSOLE000000002", "SecretAccessKey": "console-secret", "AccountId": "444455556666",
                   "SessionToken": "console-session-token"}
                ]}""");
        try (Steward server = Steward.start(new ServerConfig("127.0.0.1", 0, dir.resolve("data"), 2000, null,
                credentials, false))) {
            ClientProcess.runAndAssertSuccess(List.of("node", "--test", "console-keys.test.mjs"), js, Map.of(
                    "STEWARD_ENDPOINT", "http://127.0.0.1:" + server.address().getPort() + "/",
                    "STEWARD_CHROMIUM", CHROMIUM.toString(),
                    "STEWARD_SESSION_KEY", "ASIACONSOLE000000002",
                    "STEWARD_SESSION_SECRET", "console-secret",
                    "STEWARD_TOKEN", "console-session-token"), 5);
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    private static Path npmInstalled() throws Exception {
        Path js = ClientProcess.projectDir().resolve("src/test/js");
        if (!Files.isDirectory(js.resolve("node_modules/playwright-core"))
                || !Files.isDirectory(js.resolve("node_modules/@aws-sdk/client-ssm"))) {
            ClientProcess.runAndAssertSuccess(List.of("npm", "ci", "--no-audit", "--no-fund"), js, Map.of(), 5);
        }
        return js;
    }

    private static String node(ControlClient control, String name, String behaviour) {
        SignedHttp.Response node = control.post("/_steward/nodes", "{\"ComputerName\":\"" + name + "\","
                + "\"Tags\":[{\"Key\":\"console\",\"Value\":\"demo\"}],\"Behavior\":" + behaviour + "}");
        assertEquals(200, node.status(), node.body());
        return node.body().replaceAll("(?s).*\"InstanceId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    /** A simulated node's behaviour; its output only where the server has Run Command to report it. */
    private static String behaviour(String status, boolean withOutput, String stdout, String stderr) {
        return "{\"Status\":\"" + status + "\",\"DurationMillis\":50" + (withOutput ? ",\"Stdout\":\"" + stdout
                + "\",\"Stderr\":\"" + stderr + "\"" : "") + "}";
    }

    /** Whether this server has Run Command (GetCommandInvocation), which a target's output needs. */
    private static boolean runCommandImplemented(SsmClient ssm) {
        try {
            ssm.getCommandInvocation(r -> r.commandId("00000000-0000-0000-0000-000000000000").instanceId("mi-00000000000000000"));
            return true;
        } catch (SsmException e) {
            return !"UnknownOperationException".equals(e.awsErrorDetails().errorCode());
        }
    }

    /** Debian's chromium, installed with apt-get when it is missing (the suite runs as root). */
    static void ensureChromium() throws Exception {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        Path root = Path.of("/");
        Map<String, String> quiet = Map.of("DEBIAN_FRONTEND", "noninteractive");
        ClientProcess.runAndAssertSuccess(List.of("apt-get", "update"), root, quiet, 5);
        ClientProcess.runAndAssertSuccess(List.of("apt-get", "install", "-y", "chromium"),
                root, quiet, 10);
        assertTrue(Files.isExecutable(CHROMIUM), "apt-get installed chromium but " + CHROMIUM + " is missing");
    }
}
