package io.snapledger.image.writer;

import io.snapledger.image.ContentDigest;
import io.snapledger.image.DiskImage;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The content digests a device writer reports for the snapshots it takes. Digesting reads every
 * allocated byte of the snapshot while the snapshot is being taken, so it is skipped (null) when
 * the files to read (the image and its backing chain) hold more than
 * {@code snapledger.digest.maxBytes} (default 4 GiB): at the 1.7 GB/s measured in BENCHMARKS.md that
 * bounds the digest to about 2.5 s of a snapshot's time; larger images go unverified by content
 * rather than make every snapshot wait. 0 turns digests off.
 */
public final class SnapshotDigests {
    private static final long DEFAULT_LIMIT = 4L << 30;

    private SnapshotDigests() {
    }

    /** The digest of the internal snapshot {@code uuid} of {@code image}, or null when skipped. */
    static String ofInternal(Path image, UUID uuid) throws IOException {
        if (!worthReading(image)) {
            return null;
        }
        try (Qcow2Image qcow2 = Qcow2Image.open(image, false)) {
            SnapshotEntry entry = qcow2.snapshotByUuid(uuid);
            return entry == null ? null : ContentDigest.ofSnapshot(qcow2, entry);
        }
    }

    /** The digest of what a frozen image (an external snapshot) holds, or null when skipped. */
    static String ofFrozen(Path image) throws IOException {
        if (!worthReading(image)) {
            return null;
        }
        try (DiskImage frozen = Images.open(image, false)) {
            return ContentDigest.of(frozen);
        }
    }

    /** Whether the image and its backing chain hold little enough to read now. */
    private static boolean worthReading(Path image) throws IOException {
        long limit = Long.getLong("snapledger.digest.maxBytes", DEFAULT_LIMIT);
        long total = 0;
        Path layer = image;
        for (int depth = 0; layer != null && depth <= Images.MAX_CHAIN; depth++) {
            if (!Files.isRegularFile(layer)) {
                return false;
            }
            total += Files.size(layer);
            if (total > limit) {
                return false;
            }
            layer = backingOf(layer);
        }
        return true;
    }

    private static Path backingOf(Path layer) throws IOException {
        if (Images.probe(layer) != ImageFormat.QCOW2) {
            return null;
        }
        try (Qcow2Image qcow2 = Qcow2Image.open(layer, false)) {
            return qcow2.backingPath();
        }
    }
}
