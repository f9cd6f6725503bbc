package io.snapledger.image.io;

import io.snapledger.image.ImageOperationException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A {@link BlockFile} over a {@link FileChannel}. */
public final class FileBlockFile implements BlockFile {
    /** Bytes written after which a background writeback starts (what databases call bytes_per_sync). */
    static final long WRITEBACK_EVERY = 64L << 20;

    private final Path path;
    private final FileChannel channel;
    private final boolean writable;
    private long writtenSinceWriteback;
    /** One daemon thread for background writebacks, made on first use. */
    private ExecutorService writeback;
    private Future<?> runningWriteback;
    /** A background writeback's failure, kept for every later flush (read after joining the thread). */
    private IOException writebackFailure;

    private FileBlockFile(Path path, FileChannel channel, boolean writable) {
        this.path = path;
        this.channel = channel;
        this.writable = writable;
    }

    /**
     * QEMU's lock protocol: a process holds a shared lock on byte 100+p for each permission p it
     * uses (0 consistent read, 1 write) and on byte 200+p for each it refuses to share. A writer
     * must find nobody else writing (101) and nobody refusing to share writes (201), then holds
     * 100, 101 and 201 itself. So a running QEMU and snapledger never write one image at the same
     * time, in either order, while {@code qemu-img info -U} can still look at it.
     */
    static final long READ = 100;
    static final long WRITE = 101;
    static final long UNSHARED_WRITE = 201;

    public static FileBlockFile open(Path path, boolean writable) throws IOException {
        FileChannel channel = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        if (writable) {
            try {
                lockForWriting(path, channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        return new FileBlockFile(path, channel, writable);
    }

    private static void lockForWriting(Path path, FileChannel channel) throws IOException {
        for (long slot : new long[] {WRITE, UNSHARED_WRITE}) {
            FileLock probe = tryLock(channel, slot, false);
            if (probe == null) {
                throw new ImageOperationException(path + " is in use by another program (a running QEMU or another "
                        + "snapledger holds its write lock); shut the VM down or wait, then try again "
                        + "(the image was not changed)");
            }
            probe.release();
        }
        for (long slot : new long[] {READ, WRITE, UNSHARED_WRITE}) {
            if (tryLock(channel, slot, true) == null) {
                throw new ImageOperationException(path + " was locked by another program just now; try again");
            }
        }
    }

    private static FileLock tryLock(FileChannel channel, long slot, boolean shared) throws IOException {
        try {
            return channel.tryLock(slot, 1, shared);
        } catch (OverlappingFileLockException sameProcess) {
            return null;
        }
    }

    public static FileBlockFile create(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE_NEW);
        return new FileBlockFile(path, channel, true);
    }

    public Path path() {
        return path;
    }

    public FileChannel channel() {
        return channel;
    }

    @Override
    public void read(long position, ByteBuffer dst) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
                return;
            }
            at += n;
        }
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
        if (!writable) {
            throw new IOException(path + " is open read-only");
        }
        long at = position;
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
        writtenSinceWriteback += at - position;
        if (writtenSinceWriteback >= WRITEBACK_EVERY) {
            startWriteback();
        }
    }

    @Override
    public void flush() throws IOException {
        if (writable) {
            awaitWriteback();
            channel.force(false);
        }
    }

    /**
     * Runs an fdatasync on a background thread, unless one is still running. Large copies write
     * into the page cache much faster than the device takes it; without this the device would
     * only start at the final flush, and the copy would wait for all of it there.
     */
    @Override
    public void startWriteback() {
        writtenSinceWriteback = 0;
        if (!writable || (runningWriteback != null && !runningWriteback.isDone())) {
            return;
        }
        if (writeback == null) {
            writeback = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "writeback " + path.getFileName());
                thread.setDaemon(true);
                return thread;
            });
        }
        runningWriteback = writeback.submit(() -> {
            try {
                channel.force(false);
            } catch (IOException e) {
                writebackFailure = e;
            }
        });
    }

    /**
     * Waits for a background writeback. Its failure fails this flush too: the OS reports a
     * failed device write to one sync call only, and that may have been the background one.
     */
    private void awaitWriteback() throws IOException {
        if (runningWriteback != null) {
            try {
                runningWriteback.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(path + ": interrupted while waiting for a writeback");
            } catch (ExecutionException e) {
                throw new IOException(path + ": background writeback failed", e.getCause());
            }
            runningWriteback = null;
        }
        if (writebackFailure != null) {
            throw new IOException(path + ": an earlier write did not reach the device", writebackFailure);
        }
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            if (writeback != null) {
                // Never interrupt it: an interrupt closes the channel under the running sync.
                writeback.shutdown();
                awaitWriteback();
            }
        } finally {
            channel.close();
        }
    }
}
