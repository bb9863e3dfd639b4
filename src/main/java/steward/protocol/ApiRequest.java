package steward.protocol;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the protocol layer sees it, independent of the HTTP library: header
 * names lowercased, query parameters decoded, the whole body.
 */
public record ApiRequest(String method, String path, String rawQuery, Map<String, String> headers,
                         Map<String, List<String>> queryParameters, byte[] body) {
    public String header(String lowercaseName) {
        return headers.get(lowercaseName);
    }

    public String queryParameter(String name) {
        List<String> values = queryParameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
