package io.snapledger.image.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Positional byte access to one image file: the only way image-io touches a disk.
 *
 * <p>Keeping every read, write and flush behind this small port lets tests cut an operation's
 * writes short at any point ({@link CrashingBlockFile}) and prove that what is left on disk is
 * still a valid image.
 */
public interface BlockFile extends Closeable {

    /** Fills {@code dst} from {@code position}; bytes past the end of the file read as zeros. */
    void read(long position, ByteBuffer dst) throws IOException;

    /** Writes all of {@code src} at {@code position}, growing the file when needed. */
    void write(long position, ByteBuffer src) throws IOException;

    /** Makes every earlier write durable before any later one. */
    void flush() throws IOException;

    /**
     * Starts pushing earlier writes to the device in the background, without waiting for them,
     * so that a long series of writes overlaps with the device instead of leaving all of it to
     * the next {@link #flush()}. It promises nothing: only flush() makes writes durable.
     */
    default void startWriteback() throws IOException {
    }

    long size() throws IOException;

    boolean writable();

    String name();

    default byte[] readBytes(long position, int length) throws IOException {
        byte[] bytes = new byte[length];
        read(position, ByteBuffer.wrap(bytes));
        return bytes;
    }

    default void writeBytes(long position, byte[] bytes) throws IOException {
        write(position, ByteBuffer.wrap(bytes));
    }
}
