package steward.protocol;

import java.util.Map;

/**
 * An HTTP response to send: status, extra headers, and a body with its content type. It also
 * carries, for the request log and the metrics only, the operation that answered and the
 * caller's account, where they are known (null otherwise); neither is sent to the client.
 */
public record ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body, String operation,
                          String accountId) {
    public ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
        this(status, contentType, headers, body, null, null);
    }

    /** This response, noted as the answer of {@code operation} to a caller of {@code accountId}. */
    public ApiResponse answering(String operation, String accountId) {
        return new ApiResponse(status, contentType, headers, body, operation, accountId);
    }
}
