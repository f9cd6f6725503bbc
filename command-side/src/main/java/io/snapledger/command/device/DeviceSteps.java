package io.snapledger.command.device;

import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.CompensateDeviceSnapshot;
import io.snapledger.events.command.PrepareDeviceSnapshot;
import io.snapledger.events.model.DeviceLayers;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.image.writer.DeviceStep;
import io.snapledger.image.writer.OverlayMarker;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Translates device work commands into image-io's {@link DeviceStep}s. The operation id of a step is
 * the command's correlation id, so a repeated command finds its own earlier work.
 */
final class DeviceSteps {
    private DeviceSteps() {
    }

    static DeviceStep take(PrepareDeviceSnapshot c) {
        return take(c.snapshotUuid(), c.snapshotId(), c.snapshotName(), c.parentUuid(), c.location(), c.takenAt(),
                c.meta());
    }

    /** Compensation needs only what identifies the work; id and name are not consulted. */
    static DeviceStep take(CompensateDeviceSnapshot c) {
        return take(c.snapshotUuid(), 1, "-", null, c.location(), Instant.EPOCH, c.meta());
    }

    private static DeviceStep take(UUID snapshot, long id, String name, UUID parent, DeviceLocation at, Instant when,
                                   CommandMetadata meta) {
        UUID operation = meta.correlationId();
        if (at.mode() == DiskSnapshotMode.INTERNAL) {
            return new DeviceStep.TakeInternal(operation, at.device(), Path.of(at.image()), snapshot, parent,
                    Long.toString(id), name, when, null);
        }
        return new DeviceStep.TakeExternal(operation, at.device(), Path.of(at.image()), Path.of(at.overlay()), snapshot,
                new OverlayMarker.Taken(parent, Long.toString(id), name, when));
    }

    static DeviceStep revert(UUID snapshot, long id, DeviceLocation target, String newOverlay, CommandMetadata meta) {
        UUID operation = meta.correlationId();
        if (target.mode() == DiskSnapshotMode.INTERNAL) {
            return new DeviceStep.RevertInternal(operation, target.device(), Path.of(target.image()), snapshot,
                    Long.toString(id));
        }
        return new DeviceStep.RevertExternal(operation, target.device(), Path.of(target.image()), Path.of(newOverlay),
                snapshot);
    }

    /** Internal: drop the entry. External: merge the frozen image away, among the device's known files. */
    static DeviceStep delete(UUID snapshot, long id, DeviceLocation at, DeviceLayers layers, CommandMetadata meta) {
        if (at.mode() == DiskSnapshotMode.INTERNAL) {
            return new DeviceStep.DeleteInternal(meta.correlationId(), at.device(), Path.of(at.image()), snapshot,
                    Long.toString(id));
        }
        if (layers == null) {
            throw new IllegalArgumentException("deleting external snapshot " + snapshot + " on " + at.device()
                    + " needs the device's files");
        }
        return new DeviceStep.DeleteExternal(meta.correlationId(), at.device(), Path.of(layers.active()),
                Path.of(at.image()), layers.files().stream().map(Path::of).toList(), snapshot);
    }
}
