package steward.server;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * The process's logging, set by {@code --log-format} and {@code --log-level}: Steward's own
 * loggers at that level, libraries at warnings (or the level, if it is stricter), everything to
 * standard error. While the server starts, libraries say nothing unless {@code --debug}: a
 * start-up failure is reported once, by Main, in one line, not by a pool's stack trace too.
 */
final class Logging {
    private static final int QUEUE = 8_192;
    private static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{0} %msg%replace( %kvp){'^ $', ''}%n";

    private Logging() {
    }

    static void configure(String format, String level, boolean debug) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Encoder<ILoggingEvent> encoder;
        if (format.equals("json")) {
            LogstashEncoder json = new LogstashEncoder();
            json.setIncludeContext(false);
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(TEXT_PATTERN);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        // Requests hand their line to a queue and one thread encodes and writes: written in the
        // request's thread, the log halved the throughput of a cheap request (bench/results/
        // request-log.md). The queue blocks when full rather than drop a line.
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("async");
        async.setQueueSize(QUEUE);
        async.setDiscardingThreshold(0);
        async.setMaxFlushTime(2_000);
        async.addAppender(console);
        async.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(async);
        Level steward = Level.toLevel(level, Level.INFO);
        root.setLevel(debug ? stricter(Level.WARN, steward) : Level.OFF);
        context.getLogger("steward").setLevel(steward);
    }

    /** Once the server is up, libraries' warnings are worth seeing. */
    static void started(String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(stricter(Level.WARN, Level.toLevel(level, Level.INFO)));
    }

    /** Writes every line still queued; before the process exits. */
    static void flush() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    private static Level stricter(Level a, Level b) {
        return a.isGreaterOrEqual(b) ? a : b;
    }
}
