package io.snapledger.image;

import io.snapledger.image.qcow2.Qcow2Image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens images by probing their format, and follows backing file names as QEMU does. */
public final class Images {
    /** Longer chains are refused: they are loops or mistakes, and every read would walk them. */
    public static final int MAX_CHAIN = 64;

    private Images() {
    }

    public static ImageFormat probe(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ImageOperationException(path + ": no such image file; check the path");
        }
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(magic, 0, 4);
            if (n == 4 && magic[0] == 'Q' && magic[1] == 'F' && magic[2] == 'I' && magic[3] == (byte) 0xfb) {
                return ImageFormat.QCOW2;
            }
        } catch (NoSuchFileException e) {
            throw new ImageOperationException(path + ": no such image file; check the path");
        }
        return ImageFormat.RAW;
    }

    public static DiskImage open(Path path, boolean writable) throws IOException {
        return open(path, probe(path), writable);
    }

    public static DiskImage open(Path path, ImageFormat format, boolean writable) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ImageOperationException(path + ": no such image file; check the path");
        }
        return format == ImageFormat.QCOW2 ? Qcow2Image.open(path, writable) : RawImage.open(path, writable);
    }

    /** Resolves a backing file name: absolute as given, relative against the overlay's folder. */
    public static Path resolveBacking(Path overlay, String name) {
        Path named = Path.of(name);
        if (named.isAbsolute()) {
            return named;
        }
        Path folder = overlay.toAbsolutePath().getParent();
        return folder == null ? named : folder.resolve(named).normalize();
    }

    /** Opens a backing file read-only, refusing chains that loop or run deeper than {@link #MAX_CHAIN}. */
    public static DiskImage openBacking(Path overlay, String name, String format) throws IOException {
        Path path = resolveBacking(overlay, name);
        checkChain(overlay, path);
        if (!Files.isRegularFile(path)) {
            throw new ImageOperationException(overlay + ": backing file " + path
                    + " does not exist; restore it or rebase the overlay with 'image rebase'");
        }
        ImageFormat fmt = format == null ? probe(path) : ImageFormat.fromQemuName(format);
        return open(path, fmt, false);
    }

    private static void checkChain(Path overlay, Path first) throws IOException {
        Path current = first;
        java.util.Set<Path> seen = new java.util.HashSet<>();
        seen.add(overlay.toAbsolutePath().normalize());
        for (int depth = 0; current != null; depth++) {
            Path norm = current.toAbsolutePath().normalize();
            if (!seen.add(norm) || depth > MAX_CHAIN) {
                throw new ImageOperationException(overlay + ": backing chain loops or is deeper than " + MAX_CHAIN
                        + " at " + current + "; fix it with 'qemu-img rebase -u'");
            }
            if (!Files.isRegularFile(norm) || probe(norm) != ImageFormat.QCOW2) {
                return;
            }
            current = BackingName.peek(norm);
        }
    }
}
