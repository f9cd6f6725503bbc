package io.snapledger.image.writer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One device's share of a snapshot operation. Every step names the operation it belongs to and
 * the snapshot UUID it works for, so a repeated call can recognise its own earlier work.
 */
public sealed interface DeviceStep {
    UUID operationId();

    String device();

    /** The device's active image when the operation started. */
    Path image();

    UUID snapshotUuid();

    /** An internal snapshot inside the qcow2 file, with the domain-wide id_str. */
    record TakeInternal(UUID operationId, String device, Path image, UUID snapshotUuid, UUID parentUuid, String idStr,
                        String name, Instant date, byte[] vmState) implements DeviceStep {
        public TakeInternal {
            Objects.requireNonNull(operationId);
            Objects.requireNonNull(image);
            Objects.requireNonNull(snapshotUuid);
            Objects.requireNonNull(idStr);
            Objects.requireNonNull(name);
            Objects.requireNonNull(date);
        }
    }

    /**
     * An external snapshot: {@code image} freezes and a new qcow2 {@code overlay} on top takes the
     * writes. The overlay's mark records {@code taken} (the snapshot's parent, number, name and
     * time) so the tree can be rebuilt from the images; null records only the UUID.
     */
    record TakeExternal(UUID operationId, String device, Path image, Path overlay, UUID snapshotUuid,
                        OverlayMarker.Taken taken) implements DeviceStep {
        public TakeExternal {
            Objects.requireNonNull(operationId);
            Objects.requireNonNull(image);
            Objects.requireNonNull(overlay);
            Objects.requireNonNull(snapshotUuid);
        }

        public TakeExternal(UUID operationId, String device, Path image, Path overlay, UUID snapshotUuid) {
            this(operationId, device, image, overlay, snapshotUuid, null);
        }
    }

    /**
     * Reverts an image to one of its internal snapshots (found by UUID, or by id_str for entries
     * made outside snapledger). Prepare keeps a safety point (an internal entry whose UUID is the
     * operation id) before applying; commit drops it; compensate applies it back and drops it.
     */
    record RevertInternal(UUID operationId, String device, Path image, UUID snapshotUuid, String idStr)
            implements DeviceStep {
        public RevertInternal {
            Objects.requireNonNull(operationId);
            Objects.requireNonNull(image);
            Objects.requireNonNull(snapshotUuid);
            Objects.requireNonNull(idStr);
        }
    }

    /**
     * Reverts to an external snapshot: a fresh {@code overlay} on the snapshot's frozen {@code image}
     * becomes the device's active layer. Compensate removes the overlay.
     */
    record RevertExternal(UUID operationId, String device, Path image, Path overlay, UUID snapshotUuid)
            implements DeviceStep {
        public RevertExternal {
            Objects.requireNonNull(operationId);
            Objects.requireNonNull(image);
            Objects.requireNonNull(overlay);
            Objects.requireNonNull(snapshotUuid);
        }
    }

    /**
     * Drops an internal snapshot entry (clusters still used by the image or other snapshots stay).
     * Prepare checks it can be done without changing anything; commit drops it; there is no way
     * back, so compensate does nothing.
     */
    record DeleteInternal(UUID operationId, String device, Path image, UUID snapshotUuid, String idStr)
            implements DeviceStep {
        public DeleteInternal {
            Objects.requireNonNull(operationId);
            Objects.requireNonNull(image);
            Objects.requireNonNull(snapshotUuid);
            Objects.requireNonNull(idStr);
        }
    }

    /**
     * Removes an external snapshot's {@code frozen} image so that every file reading from it keeps
     * its bytes: when the only reader is the device's active {@code image}, that overlay is
     * committed into the frozen image, which becomes the active one (as libvirt's block commit);
     * otherwise the frozen image's data is streamed into every reader and the file removed. The
     * readers are found among {@code files} by their backing names. Prepare checks it can be done
     * without changing anything; commit does it; there is no way back, so compensate does nothing.
     * Steps of one device share {@code image}, so they run one at a time.
     */
    record DeleteExternal(UUID operationId, String device, Path image, Path frozen, List<Path> files,
                          UUID snapshotUuid) implements DeviceStep {
        public DeleteExternal {
            Objects.requireNonNull(operationId);
            Objects.requireNonNull(image);
            Objects.requireNonNull(frozen);
            files = List.copyOf(files);
            Objects.requireNonNull(snapshotUuid);
        }
    }
}
