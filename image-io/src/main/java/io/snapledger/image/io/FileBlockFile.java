package io.snapledger.image.io;

import io.snapledger.image.ImageOperationException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A {@link BlockFile} over a {@link FileChannel}. */
public final class FileBlockFile implements BlockFile {
    private final Path path;
    private final FileChannel channel;
    private final boolean writable;

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
    }

    @Override
    public void flush() throws IOException {
        if (writable) {
            channel.force(false);
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
        channel.close();
    }
}
