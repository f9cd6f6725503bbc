package io.snapledger.events.model;

/**
 * The id_str QEMU gave an internal snapshot on one device. QEMU picks it per image (the largest
 * numeric id there + 1), so one snapshot taken live has a number of its own in the history and
 * possibly a different id_str on each disk.
 */
public record QemuSnapshotId(String device, String idStr) {

    public QemuSnapshotId {
        Require.nonBlank(device, "device");
        Require.nonBlank(idStr, "idStr");
    }
}
