package steward.storage.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a PostgreSQL store is, from {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?params]}
 * (libpq's URI form; {@code postgres://} too). The user and password are percent-decoded and go
 * to the driver as properties, never in the JDBC URL, so {@link #display} (for messages) shows
 * no password; the parameters are pgjdbc's ({@code sslmode=require}, ...), passed on as written.
 */
public record PostgresUrl(String jdbcUrl, String user, String password, String display) {
    public static final int DEFAULT_PORT = 5432;

    /** @throws IllegalArgumentException saying what is wrong with {@code raw} (without repeating a password) */
    public static PostgresUrl parse(String raw) {
        String scheme = raw.startsWith("postgresql://") ? "postgresql://" : raw.startsWith("postgres://")
                ? "postgres://" : null;
        if (scheme == null) {
            throw new IllegalArgumentException("must start with postgresql://");
        }
        URI uri;
        try {
            uri = new URI("postgresql://" + raw.substring(scheme.length()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("must be postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?params] "
                    + "(percent-encode reserved characters in the user and password): " + e.getReason());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("must name a host: postgresql://USER[:PASSWORD]@HOST[:PORT]/DB");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException("must name one database after the host: postgresql://USER@HOST/DB");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a #fragment");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (user.isEmpty()) {
                throw new IllegalArgumentException("must name a user before '@'");
            }
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String host = uri.getHost();
        String hostPort = host + ":" + port;
        String database = path.substring(1);
        String jdbc = "jdbc:postgresql://" + hostPort + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String display = "postgresql://" + (user == null ? "" : user + "@") + hostPort + "/" + decode(database);
        return new PostgresUrl(jdbc, user, password, display);
    }

    /** Percent-decoding as in URIs: unlike a form, a '+' stays a '+'. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a bad percent-escape in the user, password or database name");
        }
    }

    @Override
    public String toString() {
        return display;
    }
}
