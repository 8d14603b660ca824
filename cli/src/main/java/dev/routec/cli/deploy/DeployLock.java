package dev.routec.cli.deploy;

import dev.routec.cli.ExitCode;
import dev.routec.cli.UserError;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The deployment lock: an exclusive lock on {@code <state root>/lock}, taken without waiting by every
 * command that changes a deployment (deploy, undeploy, map add/del). Busy is exit 5. The lock is a
 * POSIX record lock (what {@link FileChannel#tryLock()} takes on Linux), so it is released when the
 * process dies, however it dies.
 */
public final class DeployLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DeployLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DeployLock acquire(DeployRoots roots) {
        Path file = roots.lockFile();
        FileChannel ch;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UserError(ExitCode.ENVIRONMENT, "cannot open the lock file " + file + ": " + e.getMessage());
        }
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UserError(ExitCode.ENVIRONMENT, "cannot lock " + file + ": " + e.getMessage());
        }
        if (l == null) {
            closeQuietly(ch);
            throw new UserError(
                    ExitCode.BUSY,
                    "another deploy holds the lock (" + file + "); wait until it has finished and try again");
        }
        return new DeployLock(ch, l);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
