package steward.server;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The server's settings, from command-line flags first, then STEWARD_* environment
 * variables, then defaults.
 */
public record ServerConfig(String host, int port, Path dataDir, int associationLimit, Instant manualClockStart,
                           Path credentialsFile, boolean allowDefaultCredentials) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4583;
    public static final String DEFAULT_DATA_DIR = "data";
    public static final int DEFAULT_ASSOCIATION_LIMIT = 2_000;

    public ServerConfig(String host, int port, Path dataDir, int associationLimit) {
        this(host, port, dataDir, associationLimit, null);
    }

    public ServerConfig(String host, int port, Path dataDir, int associationLimit, Instant manualClockStart) {
        this(host, port, dataDir, associationLimit, manualClockStart, null, false);
    }

    /** True when the server runs on a manual clock, which starts at {@code manualClockStart}. */
    public boolean manualClock() {
        return manualClockStart != null;
    }

    public static final String USAGE = """
            usage: steward serve [--host HOST] [--port N] [--data-dir DIR] [--association-limit N] [--clock system|manual]
                         [--credentials FILE] [--allow-default-credentials]
              --host HOST             address to listen on (STEWARD_HOST, default 127.0.0.1)
              --port N                port, 0 picks a free one (STEWARD_PORT, default 4583)
              --data-dir DIR          where the store and keys live (STEWARD_DATA_DIR, default ./data)
              --association-limit N   associations per account and region (STEWARD_ASSOCIATION_LIMIT, default 2000)
              --clock system|manual   the wall clock, or one that moves only through POST /_steward/clock
                                      (STEWARD_CLOCK, default system)
              --clock-start TIME      where a manual clock starts, ISO-8601 (STEWARD_CLOCK_START, default now)
              --credentials FILE      the access keys to accept, JSON {"Credentials": [{"AccessKeyId", "SecretAccessKey",
                                      "AccountId", "SessionToken"?}]} (STEWARD_CREDENTIALS); without it any access
                                      key with the secret "test" is accepted, on a loopback --host only
              --allow-default-credentials
                                      accept those development credentials on a non-loopback --host too
                                      (STEWARD_ALLOW_DEFAULT_CREDENTIALS=true)
            """;

    public static ServerConfig parse(String[] args, Map<String, String> env) {
        String host = env.getOrDefault("STEWARD_HOST", DEFAULT_HOST);
        String port = env.getOrDefault("STEWARD_PORT", Integer.toString(DEFAULT_PORT));
        String dataDir = env.getOrDefault("STEWARD_DATA_DIR", DEFAULT_DATA_DIR);
        String limit = env.getOrDefault("STEWARD_ASSOCIATION_LIMIT", Integer.toString(DEFAULT_ASSOCIATION_LIMIT));
        String clock = env.getOrDefault("STEWARD_CLOCK", "system");
        String clockStart = env.get("STEWARD_CLOCK_START");
        String credentials = env.get("STEWARD_CREDENTIALS");
        String allowDefault = env.getOrDefault("STEWARD_ALLOW_DEFAULT_CREDENTIALS", "false");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--allow-default-credentials")) {
                allowDefault = "true";
                continue;
            }
            String flag = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                i++;
            }
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = value;
                case "--data-dir" -> dataDir = value;
                case "--association-limit" -> limit = value;
                case "--clock" -> clock = value;
                case "--clock-start" -> clockStart = value;
                case "--credentials" -> credentials = value;
                case "--allow-default-credentials" -> allowDefault = value;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (!clock.equals("system") && !clock.equals("manual")) {
            throw new IllegalArgumentException("--clock must be system or manual, not " + clock);
        }
        Instant start = null;
        if (clock.equals("manual")) {
            try {
                start = clockStart == null ? Instant.now() : OffsetDateTime.parse(clockStart).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--clock-start is not an ISO-8601 time such as 2027-01-01T00:00:00Z: "
                        + clockStart);
            }
        } else if (clockStart != null) {
            throw new IllegalArgumentException("--clock-start needs --clock manual");
        }
        return new ServerConfig(host, number("port", port, 0, 65535), Path.of(dataDir),
                number("association limit", limit, 1, Integer.MAX_VALUE), start,
                credentials == null || credentials.isBlank() ? null : Path.of(credentials),
                bool("--allow-default-credentials", allowDefault));
    }

    private static boolean bool(String what, String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalArgumentException(what + " must be true or false, not " + text);
        };
    }

    private static int number(String what, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ": " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: " + text);
        }
    }
}
