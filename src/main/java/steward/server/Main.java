package steward.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import steward.server.settings.InvalidSettingException;
import steward.server.settings.Settings;

/**
 * {@code steward serve|version|help}. A start that fails prints one line, naming the problem and
 * what to do, and exits at once with a {@link StartupFailure} code; the stack trace only with
 * {@code --debug}. SIGTERM (and SIGINT) stop the server gracefully and exit 0.
 */
public final class Main {
    static final String USAGE = """
            usage: steward COMMAND [options]

            commands:
              serve      run the server (steward serve --help lists its settings)
              version    print the version
              help       print this help
            """;

    static final String SERVE_USAGE = """
            usage: steward serve [options]

            Runs Steward until SIGTERM or SIGINT, which stop it gracefully. Every setting is a flag, an
            environment variable, or a key (the flag without its dashes) in the --config file; a flag wins
            over the environment, which wins over the file.

            """;

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        boolean help = rest.contains("--help") || rest.contains("-h");
        switch (command) {
            case "serve" -> {
                if (help) {
                    System.out.print(SERVE_USAGE + Settings.help());
                    System.exit(0);
                }
                serve(rest.toArray(String[]::new));
            }
            case "version", "--version" -> {
                if (help) {
                    System.out.println("usage: steward version\n\nPrints Steward's version and the Java it runs on.");
                } else {
                    System.out.println("steward " + version() + " (Java " + Runtime.version() + ")");
                }
                System.exit(0);
            }
            case "help", "--help", "-h" -> {
                System.out.print(USAGE);
                System.exit(0);
            }
            default -> {
                System.err.print((command.isEmpty() ? "" : "steward: unknown command " + command + "\n") + USAGE);
                System.exit(StartupFailure.SETTINGS);
            }
        }
    }

    private static void serve(String[] args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        ServerConfig config;
        try {
            config = ServerConfig.parse(args, System.getenv());
        } catch (InvalidSettingException e) {
            fail(StartupFailure.SETTINGS, e.getMessage() + "; see steward serve --help", e, debug);
            return;
        }
        debug = config.get(Settings.DEBUG);
        Logging.configure(config.get(Settings.LOG_FORMAT), config.get(Settings.LOG_LEVEL), debug);
        Steward steward;
        try {
            steward = Steward.start(config);
        } catch (StartupFailure e) {
            fail(e.exitCode(), e.getMessage(), e, debug);
            return;
        } catch (Throwable e) {
            fail(1, "could not start: " + e + (debug ? "" : "; run again with --debug for the stack trace"), e, debug);
            return;
        }
        Logging.started(config.get(Settings.LOG_LEVEL));
        stopOnSignals(steward, config);
        System.out.println("Steward listening on " + (config.tls() ? "https" : "http") + "://" + steward.address().getHostString() + ":"
                + steward.address().getPort());
        System.out.flush();
    }

    /**
     * SIGTERM and SIGINT stop gracefully and exit 0; any other exit of the JVM still closes the
     * store through the shutdown hook.
     */
    @SuppressWarnings("removal")
    private static void stopOnSignals(Steward steward, ServerConfig config) {
        AtomicBoolean once = new AtomicBoolean();
        Runnable stop = () -> {
            if (once.compareAndSet(false, true)) {
                steward.shutdown(config.shutdownGrace());
                Logging.flush();
                System.exit(0);
            }
        };
        for (String signal : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.run());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            steward.close();
            Logging.flush();
        }, "steward-shutdown"));
    }

    private static void fail(int code, String message, Throwable cause, boolean debug) {
        Logging.flush(); // whatever was logged before the failure comes first
        PrintStream err = System.err;
        err.println("steward: " + message);
        if (debug) {
            cause.printStackTrace(err);
        }
        err.flush();
        System.exit(code);
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/steward/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
