package steward.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import steward.storage.DatabaseUrl;
import steward.server.settings.InvalidSettingException;
import steward.server.settings.Setting;
import steward.server.settings.SettingValues;
import steward.server.settings.Settings;
import steward.server.settings.SettingsResolver;

/**
 * The server's settings: every one in {@link Settings}, read from flags, then STEWARD_*
 * environment variables, then the {@code --config} file, then defaults. Read any with
 * {@link #get}; the accessors below name the ones the wiring uses most.
 */
public record ServerConfig(SettingValues values) {
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

    public ServerConfig(String host, int port, Path dataDir, int associationLimit, Instant manualClockStart,
                        Path credentialsFile, boolean allowDefaultCredentials) {
        this(SettingValues.defaults().with(Settings.HOST, host).with(Settings.PORT, port)
                .with(Settings.DATA_DIR, dataDir).with(Settings.ASSOCIATION_LIMIT, associationLimit)
                .with(Settings.CLOCK, manualClockStart == null ? "system" : "manual")
                .with(Settings.CLOCK_START, manualClockStart).with(Settings.CREDENTIALS, credentialsFile)
                .with(Settings.ALLOW_DEFAULT_CREDENTIALS, allowDefaultCredentials));
    }

    /**
     * The settings of {@code steward serve ARGS} in this environment.
     *
     * @throws InvalidSettingException naming the setting, and where its value came from, when one is wrong
     */
    public static ServerConfig parse(String[] args, Map<String, String> env) {
        SettingValues values = SettingsResolver.resolve(args, env);
        if (values.get(Settings.CLOCK).equals("manual")) {
            if (values.get(Settings.CLOCK_START) == null) {
                values = values.with(Settings.CLOCK_START, Instant.now());
            }
        } else if (values.get(Settings.CLOCK_START) != null) {
            throw new InvalidSettingException("--clock-start needs --clock manual");
        }
        if ((values.get(Settings.TLS_CERT) == null) != (values.get(Settings.TLS_KEY) == null)) {
            throw new InvalidSettingException("--tls-cert and --tls-key go together: give both or neither");
        }
        return new ServerConfig(values);
    }

    public <T> T get(Setting<T> setting) {
        return values.get(setting);
    }

    /** A copy with one setting changed. */
    public <T> ServerConfig with(Setting<T> setting, T value) {
        return new ServerConfig(values.with(setting, value));
    }

    public String host() {
        return get(Settings.HOST);
    }

    public int port() {
        return get(Settings.PORT);
    }

    public Path dataDir() {
        return get(Settings.DATA_DIR);
    }

    /** The store: {@code --database}, or SQLite under the data directory. */
    public DatabaseUrl database() {
        DatabaseUrl url = get(Settings.DATABASE);
        return url == null ? DatabaseUrl.inDataDir(dataDir()) : url;
    }

    public int associationLimit() {
        return get(Settings.ASSOCIATION_LIMIT);
    }

    /** Days after which ended commands are deleted; null keeps them. */
    public Integer commandRetentionDays() {
        return get(Settings.COMMAND_RETENTION_DAYS);
    }

    /** True when the server runs on a manual clock, which starts at {@link #manualClockStart}. */
    public boolean manualClock() {
        return get(Settings.CLOCK).equals("manual");
    }

    public Instant manualClockStart() {
        Instant start = get(Settings.CLOCK_START);
        return start == null && manualClock() ? Instant.now() : start;
    }

    public Path credentialsFile() {
        return get(Settings.CREDENTIALS);
    }

    public boolean allowDefaultCredentials() {
        return get(Settings.ALLOW_DEFAULT_CREDENTIALS);
    }

    public Duration shutdownGrace() {
        return get(Settings.SHUTDOWN_GRACE);
    }

    /** How long an agent's empty GetMessages is held. */
    public Duration longPoll() {
        return get(Settings.AGENT_LONG_POLL);
    }

    /** The same settings with agents' empty GetMessages held for {@code hold} (tests shorten it). */
    public ServerConfig withLongPoll(Duration hold) {
        return with(Settings.AGENT_LONG_POLL, hold);
    }

    /** True when the server speaks HTTPS. */
    public boolean tls() {
        return get(Settings.TLS_CERT) != null;
    }

    public Path tlsCert() {
        return get(Settings.TLS_CERT);
    }

    public Path tlsKey() {
        return get(Settings.TLS_KEY);
    }

    public boolean allowPlaintext() {
        return get(Settings.ALLOW_PLAINTEXT);
    }

    /** The same settings serving HTTPS with a PEM certificate chain and PEM private key. */
    public ServerConfig withTls(Path cert, Path key) {
        return with(Settings.TLS_CERT, cert).with(Settings.TLS_KEY, key);
    }

    /** The same settings, consenting (or not) to plain HTTP on a non-loopback address. */
    public ServerConfig withAllowPlaintext(boolean allow) {
        return with(Settings.ALLOW_PLAINTEXT, allow);
    }
}
