package steward.server;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before anything is opened, that the data directory exists or can be made, and takes writes. */
final class DataDirectory {
    private DataDirectory() {
    }

    /** @throws StartupFailure naming the directory and what to do */
    static void requireWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            String reason = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : e.getClass().getSimpleName();
            throw new StartupFailure(StartupFailure.DATA_DIR, "the data directory " + dir.toAbsolutePath()
                    + " is not writable (" + reason + "); give this user write access to it, or choose another with "
                    + "--data-dir (STEWARD_DATA_DIR)", e);
        }
    }
}
