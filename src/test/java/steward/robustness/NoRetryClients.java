package steward.robustness;

import java.net.URI;
import software.amazon.awssdk.services.ssm.SsmClient;
import steward.testing.Clients;

/**
 * SDK clients that never retry: every call reaches the server at most once, so a test can count
 * exactly which calls won, which lost, and which were cut off by a kill. The same clients as
 * {@link Clients}, which every end-to-end test uses.
 */
final class NoRetryClients {
    private NoRetryClients() {
    }

    static SsmClient ssm(URI endpoint) {
        return Clients.ssm(endpoint);
    }
}
