package steward.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * HTTPS on Steward's one port: a PEM certificate chain and its PEM private key (PKCS#8, as
 * {@code openssl req -newkey ... -nodes} writes it), served by Netty's SslHandler with the JDK's
 * TLS. TLS 1.2 and 1.3 only, which is also what the SSM Agent insists on.
 */
public final class Tls {
    private Tls() {
    }

    /**
     * @throws StartupFailure when the files are missing or do not hold a certificate and its key
     */
    public static SslContext serverContext(Path certificate, Path privateKey) {
        for (Path file : new Path[] {certificate, privateKey}) {
            if (!Files.isReadable(file)) {
                throw new StartupFailure(StartupFailure.SETTINGS, "cannot read " + file, null);
            }
        }
        try {
            return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new StartupFailure(StartupFailure.SETTINGS, "cannot use " + certificate + " and " + privateKey
                    + " for TLS: " + e.getMessage() + " (the key must be a PEM PKCS#8 private key, the certificate PEM)", e);
        }
    }
}
