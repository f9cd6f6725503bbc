package io.snapledger.image.writer;

import io.snapledger.image.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;
import io.snapledger.image.merge.Merges;
import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Creator;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@link DeviceWriter} over real image files, using this module's qcow2 engine. */
public final class ImageDeviceWriter implements DeviceWriter {

    @Override
    public DeviceResult prepare(DeviceStep step) throws IOException {
        if (step instanceof DeviceStep.TakeInternal s) {
            return prepareInternal(s);
        } else if (step instanceof DeviceStep.TakeExternal s) {
            return prepareExternal(s);
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    @Override
    public void commit(DeviceStep step) {
        // Both kinds are final once prepared: the entry or overlay is the snapshot itself.
    }

    @Override
    public void compensate(DeviceStep step) throws IOException {
        if (step instanceof DeviceStep.TakeInternal s) {
            compensateInternal(s);
        } else if (step instanceof DeviceStep.TakeExternal s) {
            compensateExternal(s);
        } else {
            throw new IllegalArgumentException("unknown step " + step);
        }
    }

    private DeviceResult prepareInternal(DeviceStep.TakeInternal s) throws IOException {
        requireQcow2(s.image(), s.device(), "an internal snapshot");
        try (Qcow2Image image = Qcow2Image.open(s.image(), true)) {
            if (image.snapshotByUuid(s.snapshotUuid()) != null) {
                return new DeviceResult(s.device(), s.image(), true);
            }
            image.createSnapshot(new NewSnapshot(s.idStr(), s.name(), s.snapshotUuid(), s.parentUuid(), s.date(), 0,
                    s.vmState()));
            return new DeviceResult(s.device(), s.image(), false);
        }
    }

    private void compensateInternal(DeviceStep.TakeInternal s) throws IOException {
        if (!Files.exists(s.image()) || Images.probe(s.image()) != ImageFormat.QCOW2) {
            return;
        }
        try (Qcow2Image image = Qcow2Image.open(s.image(), true)) {
            SnapshotEntry ours = image.snapshotByUuid(s.snapshotUuid());
            if (ours != null) {
                image.deleteSnapshot(ours);
            }
        }
    }

    private DeviceResult prepareExternal(DeviceStep.TakeExternal s) throws IOException {
        OverlayMarker marker = OverlayMarker.read(s.overlay());
        if (marker != null && marker.snapshotUuid().equals(s.snapshotUuid())) {
            return new DeviceResult(s.device(), s.overlay(), true);
        }
        if (Files.exists(s.overlay())) {
            throw new ImageOperationException("device " + s.device() + ": overlay file " + s.overlay()
                    + " already exists; choose another file with --diskspec " + s.device() + ",file=PATH");
        }
        ImageFormat baseFormat = Images.probe(s.image());
        Qcow2Creator.Options options = Qcow2Creator.Options.overlay(Merges.nameFrom(s.overlay(), s.image()), baseFormat)
                .withExtensions(List.of(new OverlayMarker(s.snapshotUuid(), s.operationId()).toExtension()));
        Path folder = s.overlay().toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new ImageOperationException("device " + s.device() + ": cannot create overlay " + s.overlay()
                    + " (folder missing or not writable); choose another file with --diskspec " + s.device()
                    + ",file=PATH");
        }
        Qcow2Creator.create(s.overlay(), options);
        return new DeviceResult(s.device(), s.overlay(), false);
    }

    private void compensateExternal(DeviceStep.TakeExternal s) throws IOException {
        OverlayMarker marker = OverlayMarker.read(s.overlay());
        if (marker != null && marker.snapshotUuid().equals(s.snapshotUuid())) {
            Files.delete(s.overlay());
        }
    }

    private static void requireQcow2(Path image, String device, String what) throws IOException {
        if (Images.probe(image) != ImageFormat.QCOW2) {
            throw new ImageOperationException("device " + device + " (" + image + ") is a raw image and cannot hold "
                    + what + "; use --diskspec " + device + ",snapshot=external or convert it to qcow2");
        }
    }
}
