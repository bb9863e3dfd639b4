package steward.server;

import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;

/** Told of every answer once it is made, for the request log and the metrics. */
@FunctionalInterface
interface RequestObserver {
    RequestObserver NONE = (request, response, nanos) -> { };

    /**
     * @param request the request, or null when the HTTP layer could not read one
     * @param nanos   from the whole request being received to its answer being ready
     */
    void answered(ApiRequest request, ApiResponse response, long nanos);
}
