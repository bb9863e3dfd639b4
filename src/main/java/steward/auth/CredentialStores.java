package steward.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the credentials a server starts with, and refuses the unsafe choice. */
public final class CredentialStores {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialStores.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private CredentialStores() {
    }

    /**
     * The keys of {@code credentialsFile} when there is one; otherwise the development credentials
     * (any key, secret {@code test}), which a server listening beyond loopback accepts only when
     * {@code allowDefaultCredentials} says so.
     *
     * @throws CredentialsException when the file is unreadable or invalid, or the development
     *                                  credentials would be exposed beyond loopback without consent
     */
    public static CredentialStore forServer(String host, Path credentialsFile, boolean allowDefaultCredentials) {
        if (credentialsFile != null) {
            FileCredentials credentials = FileCredentials.load(credentialsFile);
            LOG.info("accepting the {} access keys of {}", credentials.size(), credentialsFile);
            return credentials;
        }
        if (!isLoopback(host)) {
            if (!allowDefaultCredentials) {
                throw new CredentialsException("refusing to listen on " + host + " with the development credentials, "
                        + "which let anyone in with any access key and the secret 'test'. Give the keys to accept with "
                        + "--credentials FILE (STEWARD_CREDENTIALS), listen on loopback (--host 127.0.0.1), or pass "
                        + "--allow-default-credentials (STEWARD_ALLOW_DEFAULT_CREDENTIALS=true) to accept that risk");
            }
            LOG.warn("listening on {} with the development credentials: anyone who reaches it gets in with any access "
                    + "key and the secret 'test'", host);
        }
        return new DevelopmentCredentials();
    }

    /**
     * {@code first} decides for every key it knows (and may refuse it, an expired agent credential
     * for one); keys it does not know go to {@code fallback}.
     */
    public static CredentialStore chain(CredentialStore first, CredentialStore fallback) {
        return accessKeyId -> {
            java.util.Optional<Credential> found = first.find(accessKeyId);
            return found.isPresent() ? found : fallback.find(accessKeyId);
        };
    }

    /** 127.0.0.0/8, ::1 (also IPv4-mapped) and {@code localhost}; no name is looked up. */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        if (IPV4.matcher(h).matches()) {
            String[] octets = h.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return octets[0].equals("127");
        }
        if (!h.contains(":") || !h.matches("[0-9a-f:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
