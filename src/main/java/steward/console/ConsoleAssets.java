package steward.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;

/**
 * Serves the web console's static files under {@code /console/}, without authentication: they
 * hold no data. The page signs every call it makes with the user's key and calls only the
 * public AWS API and {@code /_steward/}, so it sees exactly what that key may see; there is no
 * console-only endpoint. Its own files live in this package's resources; uPlot comes from its
 * WebJar on the classpath and is served under {@code /console/vendor/uplot/}.
 *
 * <p>Only names made of lowercase letters, digits, dots and dashes are looked up, and only
 * with the extensions below, so no request can reach another classpath resource.
 */
public final class ConsoleAssets {
    public static final String PREFIX = "/console";
    private static final String OWN = "steward/console/";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final Pattern OWN_NAME = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg)");
    private static final Map<String, String> VENDOR = Map.of(
            "vendor/uplot/uPlot.iife.min.js", "dist/uPlot.iife.min.js",
            "vendor/uplot/uPlot.min.css", "dist/uPlot.min.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    /** The page talks only to its own origin; uPlot sets inline styles on the elements it draws. */
    private static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ClassLoader loader = ConsoleAssets.class.getClassLoader();
    private final String uplotRoot;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    /** A file's bytes and its entity tag, so that a browser revalidating it gets a 304 and no body. */
    private record Asset(byte[] body, String etag) {
        static Asset of(byte[] body) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
                return new Asset(body, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public ConsoleAssets() {
        this.uplotRoot = "META-INF/resources/webjars/uplot/" + webjarVersion() + "/";
    }

    public static boolean handles(String path) {
        return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
    }

    public ApiResponse handle(ApiRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return text(405, "Method Not Allowed", Map.of("Allow", "GET, HEAD"));
        }
        if (request.path().equals(PREFIX)) {
            return new ApiResponse(301, "text/plain; charset=utf-8", Map.of("Location", PREFIX + "/"), new byte[0]);
        }
        String name = request.path().substring(PREFIX.length() + 1);
        if (name.isEmpty()) {
            name = "index.html";
        }
        Optional<String> resource = resourceFor(name);
        Asset asset = resource.map(r -> cache.computeIfAbsent(r, this::read)).orElse(null);
        if (asset == null) {
            return text(404, "Not Found", Map.of());
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        Map<String, String> headers = Map.of("Cache-Control", "no-cache", "ETag", asset.etag(),
                "X-Content-Type-Options", "nosniff", "Content-Security-Policy", CSP, "Referrer-Policy", "no-referrer");
        if (asset.etag().equals(request.header("if-none-match"))) {
            return new ApiResponse(304, type, headers, new byte[0]);
        }
        byte[] sent = request.method().equals("HEAD") ? new byte[0] : asset.body();
        return new ApiResponse(200, type, headers, sent);
    }

    private Optional<String> resourceFor(String name) {
        if (VENDOR.containsKey(name)) {
            return Optional.of(uplotRoot + VENDOR.get(name));
        }
        return OWN_NAME.matcher(name).matches() ? Optional.of(OWN + name) : Optional.empty();
    }

    /** Null for a name with no resource: computeIfAbsent then caches nothing and the answer is 404. */
    private Asset read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : Asset.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiResponse text(int status, String message, Map<String, String> headers) {
        return new ApiResponse(status, "text/plain; charset=utf-8", headers, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private String webjarVersion() {
        try (InputStream in = loader.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("uPlot's WebJar is not on the classpath (" + UPLOT_POM + ")");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
