package steward.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** The key that seals NextTokens, made once per data directory so tokens outlive restarts. */
final class TokenKey {
    static final String FILE_NAME = "token.key";

    private TokenKey() {
    }

    static byte[] load(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path temp = Files.createTempFile(dataDir, "token", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(temp, key, StandardOpenOption.SYNC);
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException anotherProcessWon) {
                    Files.delete(temp);
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length < 32) {
                throw new IllegalStateException(file + " is damaged: delete it to make a new one (open NextTokens stop working)");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
