package io.snapledger.image.qcow2;

import java.util.UUID;

/**
 * One entry of the qcow2 snapshot table.
 *
 * <pre>
 *  0 l1_table_offset u64   16 date_sec u32        32 vm_state_size u32 (legacy, 0 if large)
 *  8 l1_size u32           20 date_nsec u32       36 extra_data_size u32
 * 12 id_len u16            24 vm_clock_nsec u64   40 extra data, then id, then name, padded to 8
 * 14 name_len u16
 * extra data:  0 vm_state_size u64 | 8 disk_size u64 | 16 icount i64 (-1 = none)
 *             24 snapledger: magic "SNAPLDG1" | snapshot UUID (16) | parent UUID (16, zeros = root)
 * </pre>
 * Entries written by QEMU carry only the first 16 or 24 extra bytes: {@link #uuid()} is then null.
 * Extra bytes beyond what is understood are kept and written back unchanged.
 *
 * @param diskSize virtual size of the image when the snapshot was taken, or -1 when not recorded
 * @param extraTail extra-data bytes after the known fields (and after ours), preserved verbatim
 */
public record SnapshotEntry(
        long l1TableOffset,
        int l1Size,
        String id,
        String name,
        long dateSec,
        long dateNsec,
        long vmClockNsec,
        long vmStateSize,
        long diskSize,
        long icount,
        UUID uuid,
        UUID parentUuid,
        byte[] extraTail) {

    public SnapshotEntry {
        extraTail = extraTail == null ? new byte[0] : extraTail.clone();
    }

    @Override
    public byte[] extraTail() {
        return extraTail.clone();
    }

    public boolean ownedBySnapledger() {
        return uuid != null;
    }

    SnapshotEntry withL1(long offset, int size) {
        return new SnapshotEntry(offset, size, id, name, dateSec, dateNsec, vmClockNsec, vmStateSize, diskSize,
                icount, uuid, parentUuid, extraTail);
    }

    @Override
    public String toString() {
        return "SnapshotEntry[id=" + id + ", name=" + name + ", uuid=" + uuid + ", parent=" + parentUuid
                + ", l1=0x" + Long.toHexString(l1TableOffset) + "/" + l1Size + ", vmState=" + vmStateSize + "]";
    }
}
