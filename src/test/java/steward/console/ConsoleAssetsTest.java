package steward.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;

/** The console's file server hands out its own assets and uPlot's, and nothing else on the classpath. */
class ConsoleAssetsTest {
    private final ConsoleAssets assets = new ConsoleAssets();

    private ApiResponse get(String method, String path) {
        return get(method, path, Map.of());
    }

    private ApiResponse get(String method, String path, Map<String, String> headers) {
        return assets.handle(new ApiRequest(method, path, "", headers, Map.of(), new byte[0]));
    }

    @Test
    void aRevalidationOfAnUnchangedFileGetsNotModified() {
        ApiResponse first = get("GET", "/console/app.js");
        String etag = first.headers().get("ETag");
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
        ApiResponse again = get("GET", "/console/app.js", Map.of("if-none-match", etag));
        assertEquals(304, again.status());
        assertEquals(0, again.body().length);
        assertEquals(200, get("GET", "/console/app.js", Map.of("if-none-match", "\"other\"")).status());
        assertFalse(etag.equals(get("GET", "/console/api.js").headers().get("ETag")));
    }

    @Test
    void servesThePageItsScriptsAndUplot() {
        ApiResponse index = get("GET", "/console/");
        assertEquals(200, index.status());
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertTrue(new String(index.body(), StandardCharsets.UTF_8).contains("<script type=\"module\" src=\"app.js\">"));
        assertTrue(index.headers().get("Content-Security-Policy").contains("connect-src 'self'"));
        for (String script : List.of("app.js", "api.js", "sigv4.js", "ui.js", "associations.js", "association.js",
                "timeline.js", "run.js", "output.js", "nodes.js", "commands.js")) {
            ApiResponse response = get("GET", "/console/" + script);
            assertEquals(200, response.status(), script);
            assertEquals("text/javascript; charset=utf-8", response.contentType(), script);
        }
        ApiResponse uplot = get("GET", "/console/vendor/uplot/uPlot.iife.min.js");
        assertEquals(200, uplot.status());
        assertTrue(new String(uplot.body(), StandardCharsets.UTF_8).contains("uPlot"));
        assertEquals("text/css; charset=utf-8", get("GET", "/console/vendor/uplot/uPlot.min.css").contentType());
    }

    @Test
    void redirectsTheBarePathAndAnswersHeadWithoutABody() {
        ApiResponse bare = get("GET", "/console");
        assertEquals(301, bare.status());
        assertEquals("/console/", bare.headers().get("Location"));
        ApiResponse head = get("HEAD", "/console/app.js");
        assertEquals(200, head.status());
        assertEquals(0, head.body().length);
    }

    @Test
    void reachesNothingElseOnTheClasspath() {
        for (String path : List.of("/console/../steward/server/Steward.class", "/console/ConsoleAssets.class",
                "/console/vendor/uplot/README.md", "/console/vendor/uplot/../../../META-INF/MANIFEST.MF",
                "/console/%2e%2e/pom.xml", "/console/missing.js", "/console/App.js", "/console/steward/console/app.js")) {
            assertEquals(404, get("GET", path).status(), path);
        }
        assertEquals(405, get("POST", "/console/").status());
        assertEquals("GET, HEAD", get("DELETE", "/console/app.js").headers().get("Allow"));
    }

    @Test
    void claimsOnlyItsOwnPrefix() {
        assertTrue(ConsoleAssets.handles("/console"));
        assertTrue(ConsoleAssets.handles("/console/x"));
        assertFalse(ConsoleAssets.handles("/consoles"));
        assertFalse(ConsoleAssets.handles("/"));
        assertFalse(ConsoleAssets.handles("/_steward/nodes"));
    }
}
