package io.snapledger.image.writer;

import io.snapledger.image.ImageFormat;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.HeaderExtension;
import io.snapledger.image.qcow2.Qcow2Image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * snapledger's mark on an overlay it created: a qcow2 header extension holding the snapshot UUID
 * and the operation id. QEMU keeps unknown header extensions, so the mark survives QEMU's own
 * writes, and lets a retried or recovering operation tell its own overlay from a stranger's file.
 */
public record OverlayMarker(UUID snapshotUuid, UUID operationId) {

    public HeaderExtension toExtension() {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putLong(snapshotUuid.getMostSignificantBits()).putLong(snapshotUuid.getLeastSignificantBits());
        b.putLong(operationId.getMostSignificantBits()).putLong(operationId.getLeastSignificantBits());
        return new HeaderExtension(HeaderExtension.SNAPLEDGER_OVERLAY, b.array());
    }

    /** The mark on {@code path}, or null when it is missing, not qcow2 or not ours. */
    public static OverlayMarker read(Path path) throws IOException {
        if (!Files.isRegularFile(path) || Images.probe(path) != ImageFormat.QCOW2) {
            return null;
        }
        try (Qcow2Image image = Qcow2Image.open(path, false)) {
            for (HeaderExtension e : image.header().extensions()) {
                if (e.type() == HeaderExtension.SNAPLEDGER_OVERLAY && e.data().length >= 32) {
                    ByteBuffer b = ByteBuffer.wrap(e.data());
                    return new OverlayMarker(new UUID(b.getLong(0), b.getLong(8)), new UUID(b.getLong(16), b.getLong(24)));
                }
            }
        }
        return null;
    }
}
