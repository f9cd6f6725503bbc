package io.snapledger.image.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Byte-level access to image files: read and patch big-endian fields, hash, truncate. */
public final class ImageFiles {
    private ImageFiles() {
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Identifies a file's content: its SHA-256, or for a file too large to hash (a sparse one)
     * the SHA-256 of its first 64 MiB with its length and modification time.
     */
    public static String fingerprint(Path file) {
        try {
            long size = Files.size(file);
            if (size <= 256L << 20) {
                return sha256(file);
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.allocate(1 << 20);
                for (long at = 0; at < 64L << 20; at += b.capacity()) {
                    b.clear();
                    ch.read(b, at);
                    digest.update(b.flip());
                }
            }
            return HexFormat.of().formatHex(digest.digest()) + "/" + size + "/" + Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static long u64(Path file, long offset) {
        return read(file, offset, 8).getLong(0);
    }

    public static long u32(Path file, long offset) {
        return Integer.toUnsignedLong(read(file, offset, 4).getInt(0));
    }

    public static int u16(Path file, long offset) {
        return read(file, offset, 2).getShort(0) & 0xffff;
    }

    public static void putU64(Path file, long offset, long value) {
        write(file, offset, ByteBuffer.allocate(8).putLong(0, value));
    }

    public static void putU32(Path file, long offset, long value) {
        write(file, offset, ByteBuffer.allocate(4).putInt(0, (int) value));
    }

    public static void putU16(Path file, long offset, int value) {
        write(file, offset, ByteBuffer.allocate(2).putShort(0, (short) value));
    }

    public static void putU8(Path file, long offset, int value) {
        write(file, offset, ByteBuffer.allocate(1).put(0, (byte) value));
    }

    /** Sets the file's length: cuts it, or extends it sparsely with zeros. */
    public static void truncate(Path file, long length) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer read(Path file, long offset, int length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw new AssertionError(file + " ends before byte " + (offset + length));
                }
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, long offset, ByteBuffer bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                ch.write(bytes, offset + bytes.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
