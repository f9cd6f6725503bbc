package io.snapledger.image.qcow2;

import io.snapledger.image.InvalidImageException;
import io.snapledger.image.io.BlockFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads and encodes the snapshot table (see {@link SnapshotEntry} for the layout). */
final class SnapshotTable {
    static final int FIXED = 40;
    static final int KNOWN_EXTRA = 24;
    static final int MAX_EXTRA = 1024;
    static final long MAX_TABLE_BYTES = 64L << 20;
    static final byte[] MAGIC = "SNAPLDG1".getBytes(StandardCharsets.US_ASCII);
    static final int OUR_EXTRA = MAGIC.length + 32;

    private SnapshotTable() {
    }

    static List<SnapshotEntry> read(BlockFile file, Qcow2Header header, long fileLength) throws IOException {
        List<SnapshotEntry> entries = new ArrayList<>();
        long at = header.snapshotsOffset();
        for (int i = 0; i < header.nbSnapshots(); i++) {
            if (at - header.snapshotsOffset() > MAX_TABLE_BYTES) {
                throw new InvalidImageException(file.name(), "snapshot table exceeds " + MAX_TABLE_BYTES + " bytes");
            }
            if (at + FIXED > fileLength) {
                throw new InvalidImageException(file.name(), "snapshot table entry " + (i + 1)
                        + " lies past the end of the file");
            }
            ByteBuffer fixed = ByteBuffer.wrap(file.readBytes(at, FIXED));
            int idLen = fixed.getShort(12) & 0xffff;
            int nameLen = fixed.getShort(14) & 0xffff;
            long extraLen = Integer.toUnsignedLong(fixed.getInt(36));
            if (extraLen > MAX_EXTRA) {
                throw new InvalidImageException(file.name(), "snapshot table entry " + (i + 1) + " has "
                        + extraLen + " bytes of extra data, more than " + MAX_EXTRA);
            }
            int varLen = (int) extraLen + idLen + nameLen;
            if (at + FIXED + varLen > fileLength) {
                throw new InvalidImageException(file.name(), "snapshot table entry " + (i + 1)
                        + " lies past the end of the file");
            }
            byte[] var = file.readBytes(at + FIXED, varLen);
            entries.add(decode(file.name(), i + 1, fixed, var, (int) extraLen, idLen, nameLen, header, fileLength));
            at += align8(FIXED + varLen);
        }
        return entries;
    }

    /**
     * Bytes the table takes on disk as it was written, which for entries of other writers (e.g. the
     * 16 bytes of extra data QEMU wrote before 5.0) may differ from {@link #byteLength} of our
     * encoding. Call after {@link #read} has validated the table.
     */
    static long storedLength(BlockFile file, Qcow2Header header) throws IOException {
        long at = header.snapshotsOffset();
        for (int i = 0; i < header.nbSnapshots(); i++) {
            ByteBuffer fixed = ByteBuffer.wrap(file.readBytes(at, FIXED));
            at += align8(FIXED + fixed.getInt(36) + (fixed.getShort(12) & 0xffff) + (fixed.getShort(14) & 0xffff));
        }
        return at - header.snapshotsOffset();
    }

    static long byteLength(List<SnapshotEntry> entries) {
        long total = 0;
        for (SnapshotEntry e : entries) {
            total += encodedLength(e);
        }
        return total;
    }

    private static SnapshotEntry decode(String file, int number, ByteBuffer fixed, byte[] var, int extraLen,
                                        int idLen, int nameLen, Qcow2Header header, long fileLength) {
        long l1Offset = fixed.getLong(0);
        long l1Size = Integer.toUnsignedLong(fixed.getInt(8));
        if (l1Size * 8 > Qcow2Header.MAX_L1_BYTES) {
            throw new InvalidImageException(file, "snapshot table entry " + number + " L1 table of " + l1Size
                    + " entries is too large");
        }
        if (l1Size > 0 && (l1Offset <= 0 || l1Offset % header.clusterSize() != 0)) {
            throw new InvalidImageException(file, String.format(
                    "snapshot table entry %d L1 offset 0x%x is not cluster aligned", number, l1Offset));
        }
        if (l1Size > 0 && l1Offset + l1Size * 8 > fileLength + header.clusterSize()) {
            throw new InvalidImageException(file, String.format(
                    "snapshot table entry %d L1 table at 0x%x lies past the end of the file", number, l1Offset));
        }
        if (header.version() == 3 && extraLen < 16) {
            throw new InvalidImageException(file, "snapshot table entry " + number + " has " + extraLen
                    + " bytes of extra data; version 3 needs at least 16");
        }
        ByteBuffer extra = ByteBuffer.wrap(var, 0, extraLen);
        long vmState = Integer.toUnsignedLong(fixed.getInt(32));
        long diskSize = header.size();
        long icount = -1;
        if (extraLen >= 8) {
            vmState = extra.getLong(0);
        }
        if (extraLen >= 16) {
            diskSize = extra.getLong(8);
        }
        if (extraLen >= KNOWN_EXTRA) {
            icount = extra.getLong(16);
        }
        if (diskSize < 0 || Qcow2Header.l1EntriesFor(diskSize, header.clusterBits()) * 8 > Qcow2Header.MAX_L1_BYTES) {
            throw new InvalidImageException(file, "snapshot table entry " + number + " disk size "
                    + Long.toUnsignedString(diskSize) + " is too large");
        }
        UUID uuid = null;
        UUID parent = null;
        int tailFrom = Math.min(extraLen, KNOWN_EXTRA);
        if (extraLen >= KNOWN_EXTRA + OUR_EXTRA && hasMagic(var, KNOWN_EXTRA)) {
            int at = KNOWN_EXTRA + MAGIC.length;
            uuid = new UUID(extra.getLong(at), extra.getLong(at + 8));
            UUID p = new UUID(extra.getLong(at + 16), extra.getLong(at + 24));
            parent = p.getMostSignificantBits() == 0 && p.getLeastSignificantBits() == 0 ? null : p;
            tailFrom = KNOWN_EXTRA + OUR_EXTRA;
        }
        byte[] tail = java.util.Arrays.copyOfRange(var, tailFrom, extraLen);
        String id = new String(var, extraLen, idLen, StandardCharsets.UTF_8);
        String name = new String(var, extraLen + idLen, nameLen, StandardCharsets.UTF_8);
        return new SnapshotEntry(l1Offset, (int) l1Size, id, name, Integer.toUnsignedLong(fixed.getInt(16)),
                Integer.toUnsignedLong(fixed.getInt(20)), fixed.getLong(24), vmState, diskSize, icount, uuid, parent,
                tail);
    }

    private static boolean hasMagic(byte[] bytes, int at) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[at + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static int encodedLength(SnapshotEntry e) {
        return align8(FIXED + extraLength(e) + utf8(e.id()).length + utf8(e.name()).length);
    }

    private static int extraLength(SnapshotEntry e) {
        return KNOWN_EXTRA + (e.uuid() != null ? OUR_EXTRA : 0) + e.extraTail().length;
    }

    static byte[] encode(List<SnapshotEntry> entries) {
        int total = 0;
        for (SnapshotEntry e : entries) {
            total += encodedLength(e);
        }
        ByteBuffer b = ByteBuffer.allocate(total);
        for (SnapshotEntry e : entries) {
            int start = b.position();
            byte[] id = utf8(e.id());
            byte[] name = utf8(e.name());
            int extraLen = extraLength(e);
            long legacyVmState = e.vmStateSize() > 0xffffffffL ? 0 : e.vmStateSize();
            b.putLong(e.l1TableOffset()).putInt(e.l1Size()).putShort((short) id.length)
                    .putShort((short) name.length).putInt((int) e.dateSec()).putInt((int) e.dateNsec())
                    .putLong(e.vmClockNsec()).putInt((int) legacyVmState).putInt(extraLen);
            b.putLong(e.vmStateSize()).putLong(e.diskSize()).putLong(e.icount());
            if (e.uuid() != null) {
                b.put(MAGIC);
                b.putLong(e.uuid().getMostSignificantBits()).putLong(e.uuid().getLeastSignificantBits());
                UUID p = e.parentUuid();
                b.putLong(p == null ? 0 : p.getMostSignificantBits()).putLong(p == null ? 0 : p.getLeastSignificantBits());
            }
            b.put(e.extraTail()).put(id).put(name);
            b.position(start + encodedLength(e));
        }
        return b.array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static int align8(int n) {
        return (n + 7) & ~7;
    }
}
