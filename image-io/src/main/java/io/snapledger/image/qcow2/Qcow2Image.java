package io.snapledger.image.qcow2;

import io.snapledger.image.DiskImage;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;
import io.snapledger.image.InvalidImageException;
import io.snapledger.image.UnsupportedImageException;
import io.snapledger.image.io.BlockFile;
import io.snapledger.image.io.FileBlockFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An open qcow2 image: its header, active L1 table, refcount table and snapshot table in memory,
 * L2 tables and refcount blocks read on demand and cached.
 *
 * <p>Every change of metadata goes through one {@link MetadataTransaction}: new tables are written
 * to clusters that are free, then a single rewrite of the header (inside the first sector)
 * switches the image over. A crash before that write leaves the old image untouched; after it,
 * the new one is complete. Guest data is written in place only into clusters this layer alone
 * owns (COPIED), exactly as QEMU does.
 */
public final class Qcow2Image implements DiskImage {
    private final Path path;
    private final BlockFile file;
    private final boolean writable;
    Qcow2Header header;
    long[] l1;
    long[] refcountTable;
    List<SnapshotEntry> snapshots;
    /** Length of the snapshot table as stored, which is what its clusters were allocated for. */
    long snapshotTableBytes;
    long freeHint = 1;
    private boolean verifiedForWrite;
    private DiskImage backing;
    private final Map<Long, long[]> l2Cache = new HashMap<>();
    private final Map<Long, byte[]> refBlockCache = new HashMap<>();

    private Qcow2Image(Path path, BlockFile file, boolean writable) {
        this.path = path;
        this.file = file;
        this.writable = writable;
    }

    public static Qcow2Image open(Path path, boolean writable) throws IOException {
        FileBlockFile file = FileBlockFile.open(path, writable);
        try {
            return open(path, file);
        } catch (RuntimeException | IOException e) {
            file.close();
            throw e;
        }
    }

    /** Opens over any {@link BlockFile}, e.g. one that injects a crash. */
    public static Qcow2Image open(Path path, BlockFile file) throws IOException {
        Qcow2Image image = new Qcow2Image(path, file, file.writable());
        image.load();
        return image;
    }

    private void load() throws IOException {
        long length = file.size();
        byte[] first = file.readBytes(0, (int) Math.min(length, 1 << 21));
        Qcow2Header h = Qcow2Header.parse(name(), first, length);
        if (first.length > h.clusterSize()) {
            h = Qcow2Header.parse(name(), java.util.Arrays.copyOf(first, h.clusterSize()), length);
        }
        header = h;
        l1 = readTable(h.l1TableOffset(), h.l1Size());
        refcountTable = readTable(h.refcountTableOffset(), h.refcountTableClusters() * (h.clusterSize() / 8));
        validateRefcountTable(length);
        validateL1(l1, "active L1 table", length);
        snapshots = List.copyOf(SnapshotTable.read(file, h, length));
        snapshotTableBytes = SnapshotTable.storedLength(file, h);
    }

    private void validateRefcountTable(long length) {
        for (int i = 0; i < refcountTable.length; i++) {
            long off = refcountTable[i] & ~0x1ffL;
            if (refcountTable[i] != off) {
                throw new InvalidImageException(name(), String.format(
                        "refcount table entry %d (0x%x) has reserved bits set", i, refcountTable[i]));
            }
            checkCluster(off, "refcount block " + i, length);
        }
    }

    void validateL1(long[] table, String what, long length) {
        for (int i = 0; i < table.length; i++) {
            long off = Entries.offset(table[i]);
            checkCluster(off, what + " entry " + i, length);
        }
    }

    void checkCluster(long offset, String what, long length) {
        if (offset == 0) {
            return;
        }
        if (offset % header.clusterSize() != 0) {
            throw new InvalidImageException(name(), String.format("%s offset 0x%x is not cluster aligned", what, offset));
        }
        if (offset >= length) {
            throw new InvalidImageException(name(), String.format(
                    "%s at 0x%x lies past the end of the file (%d bytes)", what, offset, length));
        }
    }

    long[] readTable(long offset, int entries) throws IOException {
        long[] table = new long[entries];
        if (entries == 0) {
            return table;
        }
        ByteBuffer b = ByteBuffer.allocate(entries * 8);
        file.read(offset, b);
        b.flip();
        b.asLongBuffer().get(table);
        return table;
    }

    // ------------------------------------------------------------------ accessors

    @Override
    public Path path() {
        return path;
    }

    public String name() {
        return file.name();
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.QCOW2;
    }

    @Override
    public long virtualSize() {
        return header.size();
    }

    public Qcow2Header header() {
        return header;
    }

    public List<SnapshotEntry> snapshots() {
        return snapshots;
    }

    public int clusterSize() {
        return header.clusterSize();
    }

    BlockFile file() {
        return file;
    }

    public boolean writable() {
        return writable;
    }

    public SnapshotEntry snapshot(String idOrName) {
        for (SnapshotEntry s : snapshots) {
            if (s.id().equals(idOrName)) {
                return s;
            }
        }
        for (SnapshotEntry s : snapshots) {
            if (s.name().equals(idOrName)) {
                return s;
            }
        }
        throw new ImageOperationException(name() + ": no snapshot with id or name '" + idOrName
                + "'; list them with 'image snapshot -l'");
    }

    public SnapshotEntry snapshotByUuid(java.util.UUID uuid) {
        for (SnapshotEntry s : snapshots) {
            if (uuid.equals(s.uuid())) {
                return s;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ metadata caches

    long[] l2(long offset) throws IOException {
        long[] table = l2Cache.get(offset);
        if (table == null) {
            checkCluster(offset, "L2 table", file.size());
            table = readTable(offset, header.l2Entries());
            l2Cache.put(offset, table);
        }
        return table;
    }

    byte[] refcountBlock(long offset) throws IOException {
        byte[] block = refBlockCache.get(offset);
        if (block == null) {
            block = file.readBytes(offset, header.clusterSize());
            refBlockCache.put(offset, block);
        }
        return block;
    }

    int refcountBlockShift() {
        return header.clusterBits() + 3 - header.refcountOrder();
    }

    /** The refcount stored on disk for a host cluster index; 0 beyond the refcount table. */
    long storedRefcount(long cluster) throws IOException {
        long blockIndex = cluster >>> refcountBlockShift();
        if (blockIndex >= refcountTable.length) {
            return 0;
        }
        long blockOffset = refcountTable[(int) blockIndex];
        if (blockOffset == 0) {
            return 0;
        }
        int index = (int) (cluster & ((1L << refcountBlockShift()) - 1));
        return RefcountCodec.get(refcountBlock(blockOffset), index, header.refcountOrder());
    }

    void cacheL2(long offset, long[] table) {
        l2Cache.put(offset, table);
    }

    void cacheRefcountBlock(long offset, byte[] block) {
        refBlockCache.put(offset, block);
    }

    void forgetCluster(long offset) {
        l2Cache.remove(offset);
        refBlockCache.remove(offset);
    }

    // ------------------------------------------------------------------ guest reads

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
        DiskImage.checkRange(this, offset, length);
        readThrough(l1, offset, dst, dstOffset, length);
    }

    /** Reads what the guest saw in {@code snapshot} (its own L1 table, this image's backing file). */
    public void readSnapshot(SnapshotEntry snapshot, long offset, byte[] dst, int dstOffset, int length)
            throws IOException {
        long size = snapshot.diskSize() >= 0 ? snapshot.diskSize() : header.size();
        if (offset < 0 || offset + length > size) {
            throw new ImageOperationException(name() + ": range outside snapshot '" + snapshot.name() + "'");
        }
        readThrough(snapshotL1(snapshot), offset, dst, dstOffset, length);
    }

    /** Reads the VM state (memory) saved with an internal snapshot. */
    public byte[] readVmState(SnapshotEntry snapshot, long offset, int length) throws IOException {
        if (offset < 0 || offset + length > snapshot.vmStateSize()) {
            throw new ImageOperationException(name() + ": snapshot '" + snapshot.name() + "' holds "
                    + snapshot.vmStateSize() + " bytes of VM state");
        }
        byte[] dst = new byte[length];
        long diskSize = snapshot.diskSize() >= 0 ? snapshot.diskSize() : header.size();
        readLayer(snapshotL1(snapshot), vmStateOffset(diskSize) + offset, dst, 0, length, false);
        return dst;
    }

    /** Guest offset where the VM state of a disk of {@code diskSize} begins: the first L1 entry past the disk. */
    long vmStateOffset(long diskSize) {
        long perL1 = 1L << (header.clusterBits() * 2 - 3);
        return Qcow2Header.l1EntriesFor(diskSize, header.clusterBits()) * perL1;
    }

    long[] snapshotL1(SnapshotEntry snapshot) throws IOException {
        long[] table = readTable(snapshot.l1TableOffset(), snapshot.l1Size());
        validateL1(table, "L1 table of snapshot '" + snapshot.name() + "'", file.size());
        return table;
    }

    private void readThrough(long[] table, long offset, byte[] dst, int dstOffset, int length) throws IOException {
        readLayer(table, offset, dst, dstOffset, length, true);
    }

    /**
     * Reads cluster by cluster; unallocated clusters come from the backing file when
     * {@code fallThrough} is set (zeros past the backing file's end), otherwise read as zeros.
     */
    void readLayer(long[] table, long offset, byte[] dst, int dstOffset, int length, boolean fallThrough)
            throws IOException {
        int cs = header.clusterSize();
        int done = 0;
        while (done < length) {
            long guest = offset + done;
            int inCluster = (int) (guest & (cs - 1));
            int n = Math.min(length - done, cs - inCluster);
            long entry = l2EntryFor(table, guest);
            if (Entries.compressed(entry)) {
                byte[] cluster = Compression.decompress(this, entry);
                System.arraycopy(cluster, inCluster, dst, dstOffset + done, n);
            } else if (Entries.zero(entry)) {
                java.util.Arrays.fill(dst, dstOffset + done, dstOffset + done + n, (byte) 0);
            } else if (Entries.offset(entry) != 0) {
                file.read(Entries.offset(entry) + inCluster, ByteBuffer.wrap(dst, dstOffset + done, n));
            } else if (fallThrough && backing() != null) {
                readBacking(guest, dst, dstOffset + done, n);
            } else {
                java.util.Arrays.fill(dst, dstOffset + done, dstOffset + done + n, (byte) 0);
            }
            done += n;
        }
    }

    private void readBacking(long guest, byte[] dst, int at, int n) throws IOException {
        DiskImage base = backing();
        long available = Math.max(0, Math.min(n, base.virtualSize() - guest));
        if (available > 0) {
            base.read(guest, dst, at, (int) available);
        }
        java.util.Arrays.fill(dst, at + (int) available, at + n, (byte) 0);
    }

    /** The L2 entry mapping guest byte {@code guest} through {@code table}; 0 when unmapped. */
    long l2EntryFor(long[] table, long guest) throws IOException {
        int l2Bits = header.clusterBits() - 3;
        long l1Index = guest >>> (header.clusterBits() + l2Bits);
        if (l1Index >= table.length) {
            return 0;
        }
        long l2Offset = Entries.offset(table[(int) l1Index]);
        if (l2Offset == 0) {
            return 0;
        }
        int l2Index = (int) ((guest >>> header.clusterBits()) & ((1 << l2Bits) - 1));
        long entry = l2(l2Offset)[l2Index];
        if (!Entries.compressed(entry) && Entries.offset(entry) != 0 && Entries.offset(entry) % header.clusterSize() != 0) {
            throw new InvalidImageException(name(), String.format(
                    "L2 entry for guest offset 0x%x points at unaligned host offset 0x%x", guest, Entries.offset(entry)));
        }
        return entry;
    }

    @Override
    public boolean allocatedHere(long offset, long length) throws IOException {
        int cs = header.clusterSize();
        for (long at = offset & ~(long) (cs - 1); at < offset + length; at += cs) {
            if (!Entries.allocated(l2EntryFor(l1, at))) {
                return false;
            }
        }
        return true;
    }

    /** The image this one reads unallocated clusters from, opened read-only on first use. */
    public DiskImage backing() throws IOException {
        if (backing == null && header.backingFile() != null) {
            backing = Images.openBacking(path, header.backingFile(), header.backingFormat());
        }
        return backing;
    }

    /** Resolves the backing file name the way QEMU does: relative to this image's folder. */
    public Path backingPath() {
        return header.backingFile() == null ? null : Images.resolveBacking(path, header.backingFile());
    }

    // ------------------------------------------------------------------ writes

    /** Refuses writes the engine cannot do safely; checks the refcounts once before the first write. */
    void ensureWritable() throws IOException {
        if (!writable) {
            throw new ImageOperationException(name() + " is open read-only");
        }
        if ((header.incompatibleFeatures() & Qcow2Header.INCOMPAT_CORRUPT) != 0) {
            throw new ImageOperationException(name() + " is marked corrupt; repair it with 'qemu-img check -r all' first");
        }
        if ((header.incompatibleFeatures() & Qcow2Header.INCOMPAT_DIRTY) != 0) {
            throw new ImageOperationException(name() + " was not closed cleanly (dirty, lazy refcounts); "
                    + "repair it with 'qemu-img check -r all' first");
        }
        if (header.hasExtension(HeaderExtension.BITMAPS) || (header.autoclearFeatures() & Qcow2Header.AUTOCLEAR_BITMAPS) != 0) {
            throw new UnsupportedImageException(name(), "writing an image with persistent dirty bitmaps",
                    "remove them with 'qemu-img bitmap --remove'");
        }
        if (!verifiedForWrite) {
            CheckReport report = Qcow2Checker.check(this);
            if (report.corruptions() > 0 || report.checkErrors() > 0) {
                String what = report.corruptions() > 0 ? " has " + report.corruptions() + " corruption(s): "
                        : " cannot be checked before writing: ";
                throw new ImageOperationException(name() + what
                        + report.firstProblem() + "; nothing was written. Repair it with 'qemu-img check -r all'");
            }
            verifiedForWrite = true;
        }
    }

    MetadataTransaction begin() throws IOException {
        ensureWritable();
        return new MetadataTransaction(this);
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length) throws IOException {
        DiskImage.checkRange(this, offset, length);
        GuestWriter.write(this, offset, src, srcOffset, length);
    }

    /** Takes an internal snapshot of the active layer (one atomic metadata switch). */
    public SnapshotEntry createSnapshot(NewSnapshot request) throws IOException {
        return SnapshotOps.create(this, request);
    }

    /** Makes the active layer read what {@code snapshot} holds (qemu-img snapshot -a). */
    public void applySnapshot(SnapshotEntry snapshot) throws IOException {
        SnapshotOps.apply(this, snapshot);
    }

    /** Drops a snapshot; clusters only it used become free (qemu-img snapshot -d). */
    public void deleteSnapshot(SnapshotEntry snapshot) throws IOException {
        SnapshotOps.delete(this, snapshot);
    }

    /** Empties the active layer so every read falls through to the backing file (commit's last step). */
    public void discardAll() throws IOException {
        LayerOps.discardAll(this);
    }

    /** Points the image at another backing file (or none), without touching any data. */
    public void setBacking(String backingFile, ImageFormat backingFormat) throws IOException {
        LayerOps.setBacking(this, backingFile, backingFormat);
    }

    void resetBacking() throws IOException {
        if (backing != null) {
            backing.close();
            backing = null;
        }
    }

    /**
     * The active layer's L2 entry for the cluster holding {@code guestOffset} (see {@link Entries}
     * for its bits); 0 when nothing is mapped there.
     */
    public long activeL2Entry(long guestOffset) throws IOException {
        return l2EntryFor(l1, guestOffset);
    }

    /** Whether the active L1 table points at an L2 table for the guest range holding {@code guestOffset}. */
    public boolean activeL2TableMapped(long guestOffset) {
        long l1Index = guestOffset >>> (header.clusterBits() * 2 - 3);
        return l1Index < l1.length && Entries.offset(l1[(int) l1Index]) != 0;
    }

    /** Whether this layer maps anything at all for the cluster holding {@code guestOffset}. */
    public boolean clusterAllocated(long guestOffset) throws IOException {
        return Entries.allocated(l2EntryFor(l1, guestOffset));
    }

    public CheckReport check() throws IOException {
        return Qcow2Checker.check(this);
    }

    public void flush() throws IOException {
        file.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            if (backing != null) {
                backing.close();
            }
        } finally {
            file.close();
        }
    }
}
