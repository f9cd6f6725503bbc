package io.snapledger.image.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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

    public static FileBlockFile open(Path path, boolean writable) throws IOException {
        FileChannel channel = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        return new FileBlockFile(path, channel, writable);
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
