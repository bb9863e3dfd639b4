package steward.control;

import java.util.Map;
import steward.errors.SsmException;

/** A control API failure with an HTTP status of its own (404 for no such route, 405 for a wrong method). */
final class ControlError extends SsmException {
    private final int status;
    private final Map<String, String> headers;

    ControlError(int status, String code, String message, Map<String, String> headers) {
        super(code, message);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    static ControlError noRoute(String method, String path) {
        return new ControlError(404, "UnknownOperationException", "No control endpoint " + method + " " + path + ".",
                Map.of());
    }

    static ControlError methodNotAllowed(String method, String path, String allowed) {
        return new ControlError(405, "MethodNotAllowedException", method + " is not allowed on " + path
                + "; use " + allowed + ".", Map.of("Allow", allowed));
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }
}
