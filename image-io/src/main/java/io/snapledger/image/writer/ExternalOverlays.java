package io.snapledger.image.writer;

import io.snapledger.image.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;
import io.snapledger.image.merge.Merges;
import io.snapledger.image.qcow2.Qcow2Creator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** Device steps that add or remove a marked qcow2 overlay on top of a frozen image. */
final class ExternalOverlays {
    private ExternalOverlays() {
    }

    /** Creates {@code overlay} over {@code base}, or finds the one this snapshot made before. */
    static DeviceResult add(String device, Path base, Path overlay, OverlayMarker mark) throws IOException {
        UUID snapshotUuid = mark.snapshotUuid();
        UUID operationId = mark.operationId();
        OverlayMarker marker = OverlayMarker.read(overlay);
        if (marker != null && marker.snapshotUuid().equals(snapshotUuid) && marker.operationId().equals(operationId)) {
            return new DeviceResult(device, overlay, true);
        }
        if (Files.exists(overlay)) {
            throw new ImageOperationException("device " + device + ": overlay file " + overlay
                    + " already exists; choose another file with --diskspec " + device + ",file=PATH");
        }
        Path folder = overlay.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new ImageOperationException("device " + device + ": cannot create overlay " + overlay
                    + " (folder missing or not writable); choose another file with --diskspec " + device
                    + ",file=PATH");
        }
        if (!Files.isRegularFile(base)) {
            throw new ImageOperationException("device " + device + ": image " + base + " is missing; run 'snapledger "
                    + "reconcile' to see what changed");
        }
        ImageFormat baseFormat = Images.probe(base);
        Qcow2Creator.Options options = Qcow2Creator.Options.overlay(Merges.nameFrom(overlay, base), baseFormat)
                .withExtensions(List.of(mark.toExtension()));
        Qcow2Creator.create(overlay, options);
        return new DeviceResult(device, overlay, false);
    }

    /** Removes {@code overlay} if, and only if, this operation made it. */
    static void remove(Path overlay, UUID snapshotUuid, UUID operationId) throws IOException {
        OverlayMarker marker = OverlayMarker.read(overlay);
        if (marker != null && marker.snapshotUuid().equals(snapshotUuid) && marker.operationId().equals(operationId)) {
            Files.delete(overlay);
        }
    }
}
