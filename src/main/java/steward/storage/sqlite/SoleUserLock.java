package steward.storage.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells whether this process is the only server on a SQLite file, with an OS file lock beside it:
 * each server holds a shared lock for its lifetime, and a server that starts while it can take
 * the lock exclusively knows that no other live server uses the file; the OS drops the locks
 * of a process killed with SIGKILL. A restarted single server then takes over its previous
 * runs at once, instead of waiting for their leases to run out.
 */
final class SoleUserLock implements AutoCloseable {
    static final String FILE_NAME = "steward.servers.lock";

    private final FileChannel channel;
    private final boolean sole;

    private SoleUserLock(FileChannel channel, boolean sole) {
        this.channel = channel;
        this.sole = sole;
    }

    static SoleUserLock acquire(Path dataDir) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            boolean sole;
            try (FileLock exclusive = channel.tryLock(0, Long.MAX_VALUE, false)) {
                sole = exclusive != null;
            } catch (OverlappingFileLockException sameProcess) {
                sole = false; // Another server in this JVM (tests) holds it.
            }
            try {
                if (channel.tryLock(0, Long.MAX_VALUE, true) == null) {
                    sole = false;
                }
            } catch (OverlappingFileLockException sameProcess) {
                sole = false;
            }
            return new SoleUserLock(channel, sole);
        } catch (IOException | UnsupportedOperationException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Nothing was locked.
                }
            }
            return new SoleUserLock(null, false);
        }
    }

    boolean sole() {
        return sole;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The lock goes with the channel either way.
            }
        }
    }
}
