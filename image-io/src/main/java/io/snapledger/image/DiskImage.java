package io.snapledger.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/** What a guest sees of one disk: a virtual size and bytes, whatever the format underneath. */
public interface DiskImage extends Closeable {

    Path path();

    ImageFormat format();

    long virtualSize();

    /** Reads guest bytes; reads past the virtual size are refused. */
    void read(long offset, byte[] dst, int dstOffset, int length) throws IOException;

    /** Writes guest bytes on the active layer. */
    void write(long offset, byte[] src, int srcOffset, int length) throws IOException;

    /** Starts a {@link WriteBatch}; formats without metadata to switch write through at once. */
    default WriteBatch beginWrites() throws IOException {
        DiskImage image = this;
        return new WriteBatch() {
            @Override
            public void write(long offset, byte[] src, int srcOffset, int length) throws IOException {
                image.write(offset, src, srcOffset, length);
            }

            @Override
            public void commit() {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Whether this layer itself holds data for the {@code length} bytes at {@code offset}, as
     * opposed to passing the read on to a backing file (raw images hold everything).
     */
    boolean allocatedHere(long offset, long length) throws IOException;

    default byte[] read(long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        read(offset, bytes, 0, length);
        return bytes;
    }

    default void write(long offset, byte[] src) throws IOException {
        write(offset, src, 0, src.length);
    }

    static void checkRange(DiskImage image, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > image.virtualSize()) {
            throw new ImageOperationException(image.path() + ": range " + offset + "+" + length
                    + " lies outside the virtual size " + image.virtualSize());
        }
    }
}
