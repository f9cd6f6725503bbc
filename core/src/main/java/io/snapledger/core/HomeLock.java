package io.snapledger.core;

import io.snapledger.image.ImageOperationException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One snapledger process at a time per home: an exclusive lock on {@code home/snapledger.lock},
 * holding the owner's pid so a second process can say who has it. The operating system drops the
 * lock when its process ends, even by SIGKILL, so a crash never leaves the home locked; the pid
 * left in the file is then only a stale note.
 *
 * <p>Taken before the event store and the projection are opened, so a second process is told
 * plainly instead of meeting H2's or RocksDB's own lock errors.
 */
public final class HomeLock implements AutoCloseable {
    static final String FILE = "snapledger.lock";
    /**
     * Lock files held by this process. Checked before opening the file again: on POSIX, closing
     * any descriptor of a file drops every lock the process holds on it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    public static HomeLock take(Path home) {
        Path file = home.resolve(FILE).toAbsolutePath().normalize();
        if (!HELD.add(file)) {
            throw inUse(home, Long.toString(ProcessHandle.current().pid()));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw inUse(home, ownerOf(file));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
                    0);
            return new HomeLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(file);
            throw new ImageOperationException("cannot lock the snapledger home " + home + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(file);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    private static ImageOperationException inUse(Path home, String pid) {
        return new ImageOperationException("snapledger home " + home + " is in use by another snapledger process"
                + (pid.isEmpty() ? "" : " (pid " + pid + ")") + " — wait for it to finish");
    }

    private static String ownerOf(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.matches("\\d{1,19}") ? text : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
        HELD.remove(file);
    }
}
