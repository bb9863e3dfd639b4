package steward.auth;

import java.util.Optional;

/** The access keys Steward accepts: {@link FileCredentials} in production, {@link DevelopmentCredentials} on a laptop. */
public interface CredentialStore {
    /** The credential of an access key id, or empty when the key is unknown. */
    Optional<Credential> find(String accessKeyId);
}
