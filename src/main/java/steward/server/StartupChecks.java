package steward.server;

import java.net.BindException;
import java.util.function.Function;
import steward.auth.CredentialStore;
import steward.auth.CredentialStores;
import steward.auth.CredentialsException;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;
import steward.storage.Database;
import steward.storage.StoreUnavailableException;

/** The steps of a start that can fail for a reason outside the code, each turned into a {@link StartupFailure}. */
final class StartupChecks {
    private StartupChecks() {
    }

    static CredentialStore credentials(ServerConfig config) {
        try {
            return CredentialStores.forServer(config.host(), config.credentialsFile(), config.allowDefaultCredentials());
        } catch (CredentialsException e) {
            throw new StartupFailure(StartupFailure.CREDENTIALS, e.getMessage(), e);
        }
    }

    static Database store(ServerConfig config) {
        try {
            return config.database().open();
        } catch (StoreUnavailableException e) {
            throw new StartupFailure(e.schemaTooNew() ? StartupFailure.SCHEMA_TOO_NEW : StartupFailure.STORE,
                    e.getMessage(), e);
        }
    }

    static HttpServer listen(ServerConfig config, Function<ApiRequest, ApiResponse> router, RequestObserver observer,
                             io.netty.handler.ssl.SslContext tls)
            throws InterruptedException {
        try {
            return new HttpServer(config.host(), config.port(), router, HttpLimits.DEFAULTS, observer, tls);
        } catch (Exception e) {
            // Netty rethrows the bind failure without declaring it.
            if (!(e instanceof BindException) && !(e.getCause() instanceof BindException)) {
                throw e;
            }
            String reason = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
            String what = reason.contains("in use") ? "is already in use" : "cannot be listened on (" + e.getMessage() + ")";
            throw new StartupFailure(StartupFailure.LISTEN, config.host() + ":" + config.port() + " " + what
                    + "; stop whatever listens there, or choose another port with --port (STEWARD_PORT) or address "
                    + "with --host (STEWARD_HOST)", e);
        }
    }
}
