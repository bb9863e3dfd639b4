package steward.server.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import steward.storage.DatabaseUrl;

/**
 * Every setting of {@code steward serve}, in one table: adding a setting is one line here, and
 * the flag, the environment variable, the config-file key, {@code --help} and the README table
 * (checked by SettingsTableTest) all follow from it. Code reads a value with
 * {@code config.get(Settings.NAME)}.
 */
public final class Settings {
    private static final List<Setting<?>> ALL = new ArrayList<>();

    public static final Setting<String> HOST = add(new Setting<>("host", "HOST", "127.0.0.1", "127.0.0.1",
            "address to listen on", Values::text));
    public static final Setting<Integer> PORT = add(new Setting<>("port", "N", "4583", "4583",
            "port to listen on; `0` picks a free one", Values.integer(0, 65_535)));
    public static final Setting<Path> DATA_DIR = add(new Setting<>("data-dir", "DIR", "data", "./data",
            "where the store (`steward.db`) lives, unless `--database` says otherwise", Values::path));
    public static final Setting<DatabaseUrl> DATABASE = add(new Setting<>("database", "URL", null, "./data/steward.db",
            "the store: `sqlite:FILE`, or `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?params]`, which several "
                    + "servers can share (see Several servers)", DatabaseUrl::parse));
    public static final Setting<Integer> ASSOCIATION_LIMIT = add(new Setting<>("association-limit", "N", "2000", "2000",
            "associations per account and region (AWS's quota)", Values.integer(1, Integer.MAX_VALUE)));
    public static final Setting<String> CLOCK = add(new Setting<>("clock", "system|manual", "system", "system",
            "the wall clock, or a clock that moves only through `POST /_steward/clock`", Values.oneOf("system", "manual")));
    public static final Setting<Instant> CLOCK_START = add(new Setting<>("clock-start", "TIME", null, "now",
            "where a manual clock starts (ISO-8601)", Values::instant));
    public static final Setting<Path> CREDENTIALS = add(new Setting<>("credentials", "FILE", null, "none",
            "accept the access keys of this JSON file, and no other (see Credentials)", Values::path));
    public static final Setting<Boolean> ALLOW_DEFAULT_CREDENTIALS = add(new Setting<>("allow-default-credentials", null,
            "false", "off", "accept the development credentials on a non-loopback `--host`", Values::bool));
    public static final Setting<Path> TLS_CERT = add(new Setting<>("tls-cert", "FILE", null, "none",
            "serve HTTPS: a PEM certificate (chain); give `--tls-key` with it", Values::path));
    public static final Setting<Path> TLS_KEY = add(new Setting<>("tls-key", "FILE", null, "none",
            "the PEM (PKCS#8) private key of `--tls-cert`", Values::path));
    public static final Setting<Boolean> ALLOW_PLAINTEXT = add(new Setting<>("allow-plaintext", null, "false", "off",
            "serve plain HTTP on a non-loopback `--host`, which is refused otherwise: agents take the commands they "
                    + "run as root over it", Values::bool));
    public static final Setting<Duration> AGENT_LONG_POLL = add(new Setting<>("agent-long-poll", "DURATION", "15s", "15s",
            "how long an agent's GetMessages is held open when no command waits (under the agent's 20 s timeout)",
            Values::duration));
    public static final Setting<Duration> SHUTDOWN_GRACE = add(new Setting<>("shutdown-grace", "DURATION", "10s", "10s",
            "on SIGTERM, how long runs in flight may go on before they are left to the next start", Values::duration));
    public static final Setting<Integer> COMMAND_RETENTION_DAYS = add(new Setting<>("command-retention-days", "N", null,
            "keep", "delete commands, and association targets' output, N days after they ended (checked every minute, "
            + "500 at a time)", Values.integer(1, 36_500)));
    public static final Setting<String> LOG_FORMAT = add(new Setting<>("log-format", "text|json", "text", "text",
            "log lines as text, or as one JSON object per line", Values.oneOf("text", "json")));
    public static final Setting<String> LOG_LEVEL = add(new Setting<>("log-level", "LEVEL", "info", "info",
            "`error`, `warn`, `info` (one line per request) or `debug`", Values.oneOf("error", "warn", "info", "debug",
                    "trace")));
    public static final Setting<Boolean> DEBUG = add(new Setting<>("debug", null, "false", "off",
            "print the stack trace of a start-up failure, and the libraries' own warnings while starting", Values::bool));
    public static final Setting<Path> CONFIG = add(new Setting<>("config", "FILE", null, "none",
            "read any of these settings from a YAML (`.yaml`, `.yml`) or TOML (`.toml`) file", Values::path));

    private Settings() {
    }

    private static <T> Setting<T> add(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }

    /** Every setting, in the order of this table. */
    public static List<Setting<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The lines of {@code --help} that list the settings. */
    public static String help() {
        StringBuilder text = new StringBuilder();
        for (Setting<?> s : ALL) {
            String usage = s.usage();
            text.append("  ").append(usage);
            text.append(" ".repeat(Math.max(1, 30 - usage.length())));
            text.append(s.help().replace("`", "")).append('\n');
            text.append(" ".repeat(32)).append('[').append(s.environmentVariable());
            text.append(s.isSwitch() ? "=true" : "").append(", default ").append(s.shownDefault()).append("]\n");
        }
        return text.toString();
    }

    /** The README's settings table, in Markdown. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| flag | environment | default | meaning |\n| --- | --- | --- | --- |\n");
        for (Setting<?> s : ALL) {
            table.append("| `").append(s.usage().replace("|", "\\|")).append("` | `").append(s.environmentVariable())
                    .append(s.isSwitch() ? "=true" : "").append("` | `").append(s.shownDefault()).append("` | ")
                    .append(s.help()).append(" |\n");
        }
        return table.toString();
    }
}
