package io.snapledger.query;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

/**
 * One device's part in a snapshot: how it takes part and where that part lives.
 *
 * @param device  the device name, e.g. {@code vda}
 * @param mode    internal (an entry in the qcow2 snapshot table), external (the image was frozen
 *                and an overlay took the writes) or no (the device is left out)
 * @param image   internal: the qcow2 file holding the entry; external: the frozen image; null for
 *                {@code no}, or when the events did not say (an imported snapshot)
 * @param format  the format of {@code image}, or null with it
 * @param overlay external: the overlay created on top of {@code image}; else null
 * @param contentDigest the digest of what the part held when it was taken, as the device writer
 *                      reported it; null when none was recorded (imported, older, or too large)
 * @param qemuId  the id_str QEMU gave the internal entry when a running domain's QEMU took it
 *                (it picks its own per image); null when snapledger wrote the entry (id_str = the
 *                snapshot's number)
 */
public record SnapshotDevice(String device, DiskSnapshotMode mode, @Nullable String image,
                             @Nullable ImageFormat format, @Nullable String overlay, @Nullable String contentDigest,
                             @Nullable String qemuId) {

    public SnapshotDevice {
        Require.nonBlank(device, "device");
        if (mode == null) { // not Require.nonNull: its message would be built for every device of every node
            throw new NullPointerException("mode of device " + device + " must not be null");
        }
    }

    public SnapshotDevice(String device, DiskSnapshotMode mode, @Nullable String image, @Nullable ImageFormat format,
                          @Nullable String overlay) {
        this(device, mode, image, format, overlay, null, null);
    }

    public SnapshotDevice(String device, DiskSnapshotMode mode, @Nullable String image, @Nullable ImageFormat format,
                          @Nullable String overlay, @Nullable String contentDigest) {
        this(device, mode, image, format, overlay, contentDigest, null);
    }

    /** The id_str a running domain's QEMU gave the entry. */
    SnapshotDevice withQemuId(String id) {
        return new SnapshotDevice(device, mode, image, format, overlay, contentDigest, id);
    }

    /** As a plan says it: the overlay for an external device, no image known yet. */
    static SnapshotDevice planned(DevicePlan plan) {
        return new SnapshotDevice(plan.device(), plan.mode(), null, null, plan.file());
    }

    static SnapshotDevice at(DeviceLocation location) {
        return new SnapshotDevice(location.device(), location.mode(), location.image(), location.format(),
                location.overlay());
    }

    /** As the device writer reported it prepared: the mode, for external the overlay it made, the digest. */
    SnapshotDevice prepared(DiskSnapshotMode preparedMode, @Nullable String preparedOverlay, @Nullable String digest) {
        return new SnapshotDevice(device, preparedMode, image, format, preparedOverlay, digest, qemuId);
    }

    /** Placed in the image a device had when the snapshot was imported, if the event did not say. */
    SnapshotDevice placedIn(@Nullable DeviceImage active) {
        if (image != null || active == null || mode == DiskSnapshotMode.NO) {
            return this;
        }
        return new SnapshotDevice(device, mode, active.path(), active.format(), overlay, contentDigest, qemuId);
    }
}
