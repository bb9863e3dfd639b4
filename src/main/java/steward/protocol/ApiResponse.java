package steward.protocol;

import java.util.Map;

/** An HTTP response to send: status, extra headers, and a body with its content type. */
public record ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
}
