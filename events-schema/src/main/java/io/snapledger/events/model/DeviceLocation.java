package io.snapledger.events.model;

/**
 * Where one device's part of a snapshot lives on disk.
 *
 * @param device  the device name
 * @param mode    internal or external (never {@code no}: devices left out have no location)
 * @param image   internal: the qcow2 file whose snapshot table holds the entry; external: the file
 *                that was the active layer when the snapshot was taken and is frozen since
 * @param format  the format of {@code image}
 * @param overlay external: the overlay created on top of {@code image} at that moment; else null
 */
public record DeviceLocation(String device, DiskSnapshotMode mode, String image, ImageFormat format,
                             @Nullable String overlay) {

    public DeviceLocation {
        Require.nonBlank(device, "device");
        Require.nonNull(mode, "snapshot mode of device " + device);
        Require.nonBlank(image, "image of device " + device);
        Require.nonNull(format, "image format of device " + device);
        Require.nullOrNonBlank(overlay, "overlay of device " + device);
        if (mode == DiskSnapshotMode.NO) {
            throw new IllegalArgumentException("device " + device + " is not in the snapshot; it has no location");
        }
        if ((mode == DiskSnapshotMode.EXTERNAL) != (overlay != null)) {
            throw new IllegalArgumentException("device " + device + ": an external snapshot has an overlay, "
                    + "an internal one has none");
        }
    }

    public static DeviceLocation internal(String device, String image) {
        return new DeviceLocation(device, DiskSnapshotMode.INTERNAL, image, ImageFormat.QCOW2, null);
    }

    public static DeviceLocation external(String device, String image, ImageFormat format, String overlay) {
        return new DeviceLocation(device, DiskSnapshotMode.EXTERNAL, image, format, overlay);
    }
}
