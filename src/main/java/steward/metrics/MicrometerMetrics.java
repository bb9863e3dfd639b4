package steward.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * {@link Metrics} in a Micrometer registry, scraped in the Prometheus text format. Histograms
 * have a fixed, short list of buckets (rather than Micrometer's ~70 per series), so a scrape
 * stays small however many operations there are.
 */
public final class MicrometerMetrics implements Metrics, AutoCloseable {
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static final Duration[] REQUEST_BUCKETS = seconds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            5, 10);
    private static final Duration[] LAG_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public MicrometerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** A gauge read at each scrape, e.g. the store's size; NaN when the value is not known. */
    public void gauge(String name, String description, String baseUnit, DoubleSupplier value) {
        Gauge.builder(name, value, DoubleSupplier::getAsDouble).strongReference(true).description(description)
                .baseUnit(baseUnit).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The registry in the Prometheus text format, or OpenMetrics when {@code accept} asks for it. */
    public String scrape(String accept) {
        return registry.scrape(contentType(accept));
    }

    public static String contentType(String accept) {
        return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_FORMAT : TEXT_FORMAT;
    }

    @Override
    public void requestCompleted(String operation, int httpStatus, String errorCode, Duration latency) {
        Timer.builder("steward.requests")
                .description("Requests answered, by operation, HTTP status and AWS error code")
                .tag("operation", operation)
                .tag("status", Integer.toString(httpStatus))
                .tag("error_code", errorCode == null ? "" : errorCode)
                .serviceLevelObjectives(REQUEST_BUCKETS)
                .register(registry)
                .record(latency);
    }

    @Override
    public void runFinished(String status) {
        Counter.builder("steward.association.runs").description("Association runs that reached a final status")
                .tag("status", status).register(registry).increment();
    }

    @Override
    public void runTargetFinished(String status) {
        Counter.builder("steward.association.run.targets")
                .description("Targets of association runs that reached a final status")
                .tag("status", status).register(registry).increment();
    }

    @Override
    public void commandFinished(String status) {
        Counter.builder("steward.commands").description("Run Command commands that reached a final status")
                .tag("status", status).register(registry).increment();
    }

    @Override
    public void scheduleFired(Duration lag) {
        Timer.builder("steward.schedule.firing.lag")
                .description("How long after its due time a schedule fired")
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(registry)
                .record(lag.isNegative() ? Duration.ZERO : lag);
    }

    @Override
    public void agentsOnline(IntSupplier count) {
        Gauge.builder("steward.agents.online", count, c -> c.getAsInt()).strongReference(true)
                .description("Agents online now").register(registry);
    }

    @Override
    public void longPollsOpen(IntSupplier count) {
        Gauge.builder("steward.long.polls.open", count, c -> c.getAsInt()).strongReference(true)
                .description("Agents' long polls (GetMessages waiting for a message) open now").register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return durations;
    }
}
