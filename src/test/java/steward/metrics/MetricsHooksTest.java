package steward.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import steward.testing.PrometheusText;
import steward.testing.PrometheusText.Family;

/**
 * The hooks that Run Command and the agents call: commands by final status, agents online and
 * long polls open, as a scrape shows them; and {@link Metrics#NONE} accepts every call.
 */
class MetricsHooksTest {
    @Test
    void commandsAgentsAndLongPollsAppearInTheScrape() throws Exception {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            metrics.commandFinished("Success");
            metrics.commandFinished("Success");
            metrics.commandFinished("Failed");
            AtomicInteger online = new AtomicInteger(3);
            metrics.agentsOnline(online::get);
            AtomicInteger polls = new AtomicInteger(1);
            metrics.longPollsOpen(polls::get);

            Map<String, Family> scrape = PrometheusText.parse(metrics.scrape(null));
            Family commands = scrape.get("steward_commands");
            assertEquals("counter", commands.type());
            assertEquals(2.0, commands.value("steward_commands_total", Map.of("status", "Success")));
            assertEquals(1.0, commands.value("steward_commands_total", Map.of("status", "Failed")));
            assertEquals(3.0, scrape.get("steward_agents_online").value("steward_agents_online", Map.of()));
            assertEquals(1.0, scrape.get("steward_long_polls_open").value("steward_long_polls_open", Map.of()));

            online.set(5);
            polls.set(0);
            scrape = PrometheusText.parse(metrics.scrape(null));
            assertEquals(5.0, scrape.get("steward_agents_online").value("steward_agents_online", Map.of()),
                    "read at each scrape");
            assertEquals(0.0, scrape.get("steward_long_polls_open").value("steward_long_polls_open", Map.of()));
        }
    }

    @Test
    void requestLatencyBucketsAreFewAndFixed() throws Exception {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            metrics.requestCompleted("ListAssociations", 200, null, Duration.ofMillis(30));
            metrics.scheduleFired(Duration.ofSeconds(-1));
            Map<String, Family> scrape = PrometheusText.parse(metrics.scrape(null));
            Family requests = scrape.get("steward_requests_seconds");
            assertEquals(13, requests.samples("steward_requests_seconds_bucket", Map.of()).size(), "12 bounds and +Inf");
            assertEquals(0.0, requests.value("steward_requests_seconds_bucket", Map.of("le", "0.025")));
            assertEquals(1.0, requests.value("steward_requests_seconds_bucket", Map.of("le", "0.05")));
            assertEquals(0.0, scrape.get("steward_schedule_firing_lag_seconds")
                    .value("steward_schedule_firing_lag_seconds_sum", Map.of()), "a clock step back is no lag");
        }
    }

    @Test
    void noneAcceptsEveryCall() {
        Metrics none = Metrics.NONE;
        none.requestCompleted("X", 200, null, Duration.ZERO);
        none.runFinished("Success");
        none.runTargetFinished("Success");
        none.commandFinished("Success");
        none.scheduleFired(Duration.ZERO);
        none.agentsOnline(() -> 1);
        none.longPollsOpen(() -> 1);
        assertFalse(MicrometerMetrics.contentType("text/plain").contains("openmetrics"));
    }
}
