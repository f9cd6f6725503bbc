package io.snapledger.image.writer;

import io.snapledger.image.ImageFormat;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.HeaderExtension;
import io.snapledger.image.qcow2.Qcow2Image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * snapledger's mark on an overlay it created: a qcow2 header extension holding the snapshot UUID
 * and the operation id. QEMU keeps unknown header extensions, so the mark survives QEMU's own
 * writes, and lets a retried or recovering operation tell its own overlay from a stranger's file.
 *
 * <p>The overlay an external snapshot creates also carries the snapshot's identity ({@link Taken}:
 * parent, number, name, time), so the tree can be rebuilt from the images alone, as internal
 * entries allow with their extra data. Overlays made by a revert carry none: they are not a
 * snapshot, only a fresh active layer on one.
 *
 * <pre>
 *  0 snapshot UUID (16) | 16 operation id (16)                      -- every mark
 * 32 parent UUID (16, zeros = root) | 48 date seconds i64 | 56 date nanos i32
 * 60 id length u16 | 62 name length u16 | 64 id (UTF-8), then name  -- a snapshot's own overlay
 * </pre>
 */
public record OverlayMarker(UUID snapshotUuid, UUID operationId, Taken taken) {
    private static final int BASE = 32;
    private static final int IDENTITY = 64;

    /** The snapshot an overlay was created for, as its internal entries would say it. */
    public record Taken(UUID parentUuid, String id, String name, Instant date) {
    }

    /** A mark without the snapshot's identity: a revert's overlay. */
    public OverlayMarker(UUID snapshotUuid, UUID operationId) {
        this(snapshotUuid, operationId, null);
    }

    public HeaderExtension toExtension() {
        byte[] id = taken == null ? new byte[0] : taken.id().getBytes(StandardCharsets.UTF_8);
        byte[] name = taken == null ? new byte[0] : taken.name().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(taken == null ? BASE : IDENTITY + id.length + name.length);
        putUuid(b, snapshotUuid);
        putUuid(b, operationId);
        if (taken != null) {
            putUuid(b, taken.parentUuid() == null ? new UUID(0, 0) : taken.parentUuid());
            b.putLong(taken.date().getEpochSecond()).putInt(taken.date().getNano());
            b.putShort((short) id.length).putShort((short) name.length).put(id).put(name);
        }
        return new HeaderExtension(HeaderExtension.SNAPLEDGER_OVERLAY, b.array());
    }

    /** The mark on {@code path}, or null when it is missing, not qcow2 or not ours. */
    public static OverlayMarker read(Path path) throws IOException {
        if (!Files.isRegularFile(path) || Images.probe(path) != ImageFormat.QCOW2) {
            return null;
        }
        try (Qcow2Image image = Qcow2Image.open(path, false)) {
            for (HeaderExtension e : image.header().extensions()) {
                if (e.type() == HeaderExtension.SNAPLEDGER_OVERLAY && e.data().length >= BASE) {
                    return decode(ByteBuffer.wrap(e.data()));
                }
            }
        }
        return null;
    }

    private static OverlayMarker decode(ByteBuffer b) {
        UUID snapshot = new UUID(b.getLong(0), b.getLong(8));
        UUID operation = new UUID(b.getLong(16), b.getLong(24));
        if (b.capacity() < IDENTITY) {
            return new OverlayMarker(snapshot, operation);
        }
        UUID parent = new UUID(b.getLong(32), b.getLong(40));
        Instant date = Instant.ofEpochSecond(b.getLong(48), b.getInt(56));
        int idLength = Short.toUnsignedInt(b.getShort(60));
        int nameLength = Short.toUnsignedInt(b.getShort(62));
        if (IDENTITY + idLength + nameLength > b.capacity()) {
            return new OverlayMarker(snapshot, operation); // cut short: keep what is certain
        }
        String id = new String(b.array(), IDENTITY, idLength, StandardCharsets.UTF_8);
        String name = new String(b.array(), IDENTITY + idLength, nameLength, StandardCharsets.UTF_8);
        UUID parentOrNull = parent.getMostSignificantBits() == 0 && parent.getLeastSignificantBits() == 0 ? null : parent;
        return new OverlayMarker(snapshot, operation, new Taken(parentOrNull, id, name, date));
    }

    private static void putUuid(ByteBuffer b, UUID uuid) {
        b.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    }
}
