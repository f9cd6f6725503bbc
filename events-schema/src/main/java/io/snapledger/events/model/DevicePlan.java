package io.snapledger.events.model;

/**
 * How one device takes part in a snapshot ({@code --diskspec DEV,snapshot=MODE[,file=FILE]}).
 *
 * @param device the device name
 * @param mode   internal, external or no
 * @param file   the overlay file for an external snapshot; null otherwise. A command may leave it
 *               null for an external plan (the aggregate then chooses a name); the plan recorded in
 *               an event always has it.
 */
public record DevicePlan(String device, DiskSnapshotMode mode, @Nullable String file) {

    public DevicePlan {
        Require.nonBlank(device, "device");
        Require.nonNull(mode, "snapshot mode of device " + device);
        Require.nullOrNonBlank(file, "overlay file of device " + device);
        if (file != null && mode != DiskSnapshotMode.EXTERNAL) {
            throw new IllegalArgumentException("device " + device + " has snapshot mode "
                    + mode + " but names an overlay file; only an external snapshot has one");
        }
    }

    public static DevicePlan internal(String device) {
        return new DevicePlan(device, DiskSnapshotMode.INTERNAL, null);
    }

    public static DevicePlan external(String device, String overlayFile) {
        return new DevicePlan(device, DiskSnapshotMode.EXTERNAL, overlayFile);
    }

    public static DevicePlan excluded(String device) {
        return new DevicePlan(device, DiskSnapshotMode.NO, null);
    }

    /** Checks the plan as an event records it: an external snapshot's overlay file is known. */
    public DevicePlan requireResolved() {
        if (mode == DiskSnapshotMode.EXTERNAL && file == null) {
            throw new IllegalArgumentException("external snapshot of device " + device + " has no overlay file");
        }
        return this;
    }
}
