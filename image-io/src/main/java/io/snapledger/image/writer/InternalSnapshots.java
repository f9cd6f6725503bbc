package io.snapledger.image.writer;

import io.snapledger.image.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/** Device steps that live inside one qcow2 file's snapshot table. */
final class InternalSnapshots {
    private InternalSnapshots() {
    }

    static DeviceResult take(DeviceStep.TakeInternal s) throws IOException {
        requireQcow2(s.image(), s.device());
        try (Qcow2Image image = Qcow2Image.open(s.image(), true)) {
            if (image.snapshotByUuid(s.snapshotUuid()) != null) {
                return new DeviceResult(s.device(), s.image(), true);
            }
            image.createSnapshot(new NewSnapshot(s.idStr(), s.name(), s.snapshotUuid(), s.parentUuid(), s.date(), 0,
                    s.vmState()));
            return new DeviceResult(s.device(), s.image(), false);
        }
    }

    static void undoTake(DeviceStep.TakeInternal s) throws IOException {
        if (!isQcow2(s.image())) {
            return;
        }
        try (Qcow2Image image = Qcow2Image.open(s.image(), true)) {
            SnapshotEntry ours = image.snapshotByUuid(s.snapshotUuid());
            if (ours != null) {
                image.deleteSnapshot(ours);
            }
        }
    }

    /** Keeps a safety point named after the operation, then applies the target. */
    static DeviceResult revert(DeviceStep.RevertInternal s) throws IOException {
        requireQcow2(s.image(), s.device());
        try (Qcow2Image image = Qcow2Image.open(s.image(), true)) {
            SnapshotEntry target = find(image, s.snapshotUuid(), s.idStr(), s.device());
            boolean again = image.snapshotByUuid(s.operationId()) != null;
            if (!again) {
                image.createSnapshot(NewSnapshot.of(safetyId(s.operationId()), safetyName(s.operationId()),
                        s.operationId(), null, Instant.now()));
            }
            image.applySnapshot(target);
            return new DeviceResult(s.device(), s.image(), again);
        }
    }

    static void finishRevert(DeviceStep.RevertInternal s) throws IOException {
        dropSafetyPoint(s.image(), s.operationId(), false);
    }

    static void undoRevert(DeviceStep.RevertInternal s) throws IOException {
        dropSafetyPoint(s.image(), s.operationId(), true);
    }

    private static void dropSafetyPoint(Path path, UUID operationId, boolean applyFirst) throws IOException {
        if (!isQcow2(path)) {
            return;
        }
        try (Qcow2Image image = Qcow2Image.open(path, true)) {
            SnapshotEntry safety = image.snapshotByUuid(operationId);
            if (safety == null) {
                return;
            }
            if (applyFirst) {
                image.applySnapshot(safety);
            }
            image.deleteSnapshot(safety);
        }
    }

    /** Checks the entry can be dropped; changes nothing. */
    static DeviceResult checkDelete(DeviceStep.DeleteInternal s) throws IOException {
        if (!isQcow2(s.image())) {
            throw new ImageOperationException("device " + s.device() + ": " + s.image()
                    + " is missing or not qcow2; its snapshot cannot be dropped (use snapshot-delete --metadata)");
        }
        try (Qcow2Image image = Qcow2Image.open(s.image(), true)) {
            boolean gone = findOrNull(image, s.snapshotUuid(), s.idStr()) == null;
            return new DeviceResult(s.device(), s.image(), gone);
        }
    }

    static void delete(DeviceStep.DeleteInternal s) throws IOException {
        try (Qcow2Image image = Qcow2Image.open(s.image(), true)) {
            SnapshotEntry entry = findOrNull(image, s.snapshotUuid(), s.idStr());
            if (entry != null) {
                image.deleteSnapshot(entry);
            }
        }
    }

    private static SnapshotEntry find(Qcow2Image image, UUID uuid, String idStr, String device) {
        SnapshotEntry entry = findOrNull(image, uuid, idStr);
        if (entry == null) {
            throw new ImageOperationException("device " + device + ": " + image.path() + " holds no snapshot "
                    + uuid + " (id " + idStr + "); it was removed behind snapledger's back — run 'snapledger reconcile'");
        }
        return entry;
    }

    /** Our entry by UUID; else an entry without a UUID (made by QEMU, imported) with the same id_str. */
    static SnapshotEntry findOrNull(Qcow2Image image, UUID uuid, String idStr) {
        SnapshotEntry ours = image.snapshotByUuid(uuid);
        if (ours != null) {
            return ours;
        }
        for (SnapshotEntry e : image.snapshots()) {
            if (e.uuid() == null && e.id().equals(idStr)) {
                return e;
            }
        }
        return null;
    }

    static String safetyId(UUID operationId) {
        return "safety-" + operationId.toString().substring(0, 8);
    }

    static String safetyName(UUID operationId) {
        return "snapledger-safety-" + operationId;
    }

    private static boolean isQcow2(Path image) throws IOException {
        return Files.isRegularFile(image) && Images.probe(image) == ImageFormat.QCOW2;
    }

    private static void requireQcow2(Path image, String device) throws IOException {
        if (Images.probe(image) != ImageFormat.QCOW2) {
            throw new ImageOperationException("device " + device + " (" + image + ") is a raw image and cannot hold "
                    + "an internal snapshot; use --diskspec " + device + ",snapshot=external or convert it to qcow2");
        }
    }
}
