package io.snapledger.image.qcow2;

import io.snapledger.image.ImageFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Changes to a layer as a whole: emptying it, and pointing it at another backing file. */
final class LayerOps {
    private LayerOps() {
    }

    /** Unmaps every cluster of the active layer in one transaction; reads then fall through. */
    static void discardAll(Qcow2Image image) throws IOException {
        MetadataTransaction tx = image.begin();
        tx.refTree(tx.l1(), -1);
        tx.replaceL1(new long[tx.l1().length]);
        tx.commit();
    }

    /** Disks write one sector atomically; a header region that fits in it switches in one step. */
    static final int SECTOR = 512;

    /**
     * Rewrites the header region with another backing file name and format; unknown extensions are
     * kept. A region up to 512 bytes is one sector, so the switch is a single atomic write: when it
     * would not fit, the feature-name table (names for feature bits, for people only; QEMU writes
     * it again on its next header update) is left out to make it fit.
     */
    static void setBacking(Qcow2Image image, String backingFile, ImageFormat format) throws IOException {
        image.ensureWritable();
        Qcow2Header h = image.header;
        List<HeaderExtension> extensions = new ArrayList<>();
        if (backingFile != null && format != null) {
            extensions.add(new HeaderExtension(HeaderExtension.BACKING_FORMAT,
                    format.qemuName().getBytes(StandardCharsets.UTF_8)));
        }
        for (HeaderExtension e : h.extensions()) {
            if (e.type() != HeaderExtension.BACKING_FORMAT) {
                extensions.add(e);
            }
        }
        Qcow2Header next = h.withBacking(backingFile, extensions);
        if (next.encodeRegion().length > SECTOR) {
            extensions.removeIf(e -> e.type() == HeaderExtension.FEATURE_NAME_TABLE);
            next = h.withBacking(backingFile, extensions);
        }
        byte[] region = next.encodeRegion();
        image.file().write(0, ByteBuffer.wrap(region));
        image.file().flush();
        image.header = Qcow2Header.parse(image.name(), region, image.file().size());
        image.resetBacking();
    }
}
