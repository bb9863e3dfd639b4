package steward.server;

import java.nio.file.Path;
import java.util.Map;

/**
 * The server's settings, from command-line flags first, then STEWARD_* environment
 * variables, then defaults.
 */
public record ServerConfig(String host, int port, Path dataDir, int associationLimit) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4583;
    public static final String DEFAULT_DATA_DIR = "data";
    public static final int DEFAULT_ASSOCIATION_LIMIT = 2_000;

    public static final String USAGE = """
            usage: steward serve [--host HOST] [--port N] [--data-dir DIR] [--association-limit N]
              --host HOST             address to listen on (STEWARD_HOST, default 127.0.0.1)
              --port N                port, 0 picks a free one (STEWARD_PORT, default 4583)
              --data-dir DIR          where the store and keys live (STEWARD_DATA_DIR, default ./data)
              --association-limit N   associations per account and region (STEWARD_ASSOCIATION_LIMIT, default 2000)
            """;

    public static ServerConfig parse(String[] args, Map<String, String> env) {
        String host = env.getOrDefault("STEWARD_HOST", DEFAULT_HOST);
        String port = env.getOrDefault("STEWARD_PORT", Integer.toString(DEFAULT_PORT));
        String dataDir = env.getOrDefault("STEWARD_DATA_DIR", DEFAULT_DATA_DIR);
        String limit = env.getOrDefault("STEWARD_ASSOCIATION_LIMIT", Integer.toString(DEFAULT_ASSOCIATION_LIMIT));
        for (int i = 0; i < args.length; i++) {
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
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new ServerConfig(host, number("port", port, 0, 65535), Path.of(dataDir),
                number("association limit", limit, 1, Integer.MAX_VALUE));
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
