package io.snapledger.image.qcow2;

import io.snapledger.image.ContentDigest;
import io.snapledger.image.DiskImage;
import io.snapledger.image.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.Images;
import io.snapledger.image.InvalidImageException;
import io.snapledger.image.UnsupportedImageException;
import io.snapledger.image.WriteBatch;
import io.snapledger.image.io.BlockFile;
import io.snapledger.image.io.FileBlockFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;
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
    /** Where the clusters known to be free up to the end begin: runs of several clusters are sought from here. */
    long freeTail = 1;
    private boolean verifiedForWrite;
    private DiskImage backing;
    /** The batch of guest writes holding a transaction: no other change may start meanwhile. */
    private GuestWriter pendingWrites;
    /** L2 tables by host cluster index: offsets are cluster multiples, whose low bits would all hash alike. */
    private final Map<Long, long[]> l2Cache = new HashMap<>();
    /**
     * Refcount blocks by refcount-table slot, read on first use. Hot loops look up a refcount per
     * cluster, so this is an array; a transaction that moves blocks hands over the new ones by slot.
     */
    private byte[][] refcountBlocks = new byte[0][];
    /**
     * Refcount-table slots whose block is known to count no free cluster, so allocation skips
     * them whole instead of testing cluster by cluster. Learned from the check before the first
     * write; a slot whose block a transaction moves is forgotten.
     */
    private final BitSet fullBlocks = new BitSet();
    private ByteBuffer transfer;
    /** From the header, which no transaction changes: log2 of the entries per refcount block, and their width. */
    private int refcountShift;
    private int refcountOrder;

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
        byte[] first = file.readBytes(0, (int) Math.min(length, headerClusterBytes()));
        Qcow2Header h = Qcow2Header.parse(name(), first, length);
        header = h;
        l1 = readTable(h.l1TableOffset(), h.l1Size());
        refcountTable = readTable(h.refcountTableOffset(), h.refcountTableClusters() * (h.clusterSize() / 8));
        validateRefcountTable(length);
        refcountBlocks = new byte[refcountTable.length][];
        refcountOrder = h.refcountOrder();
        refcountShift = h.clusterBits() + 3 - refcountOrder;
        validateL1(l1, "active L1 table", length);
        snapshots = List.copyOf(SnapshotTable.read(file, h, length));
        snapshotTableBytes = SnapshotTable.storedLength(file, h);
    }

    /**
     * The size of the first cluster, which holds the whole header region, from cluster_bits at
     * byte 20; the largest cluster size when that is out of range (parsing then says why).
     */
    private int headerClusterBytes() throws IOException {
        int clusterBits = ByteBuffer.wrap(file.readBytes(0, 24)).getInt(20);
        return clusterBits >= 9 && clusterBits <= 21 ? 1 << clusterBits : 1 << 21;
    }

    private void validateRefcountTable(long length) {
        for (int i = 0; i < refcountTable.length; i++) {
            long off = refcountTable[i] & ~0x1ffL;
            if (refcountTable[i] != off) {
                throw new InvalidImageException(name(), String.format(
                        "refcount table entry %d (0x%x) has reserved bits set", i, refcountTable[i]));
            }
            if (!validCluster(off, length)) {
                checkCluster(off, "refcount block " + i, length);
            }
        }
    }

    void validateL1(long[] table, String what, long length) {
        for (int i = 0; i < table.length; i++) {
            long off = Entries.offset(table[i]);
            if (!validCluster(off, length)) {
                checkCluster(off, what + " entry " + i, length);
            }
        }
    }

    /** Null, or cluster aligned and inside the file; the name for a refusal is only built when needed. */
    private boolean validCluster(long offset, long length) {
        return offset == 0 || ((offset & (header.clusterSize() - 1)) == 0 && offset < length);
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
        long key = offset >>> header.clusterBits();
        long[] table = l2Cache.get(key);
        if (table == null) {
            checkCluster(offset, "L2 table", file.size());
            table = readTable(offset, header.l2Entries());
            l2Cache.put(key, table);
        }
        return table;
    }

    /** Largest single transfer of metadata clusters through {@link #transferBuffer}. */
    static final int MAX_TRANSFER = 4 << 20;

    /**
     * Caches every L2 table {@code l1Table} points at, reading tables that lie side by side in the
     * file (as every table this engine writes in one transaction does) with one read instead of
     * one each. Offsets that are not valid clusters are left to {@link #l2} to refuse by name.
     */
    void loadL2Tables(long[] l1Table) throws IOException {
        long length = file.size();
        int bits = header.clusterBits();
        long[] wanted = java.util.Arrays.stream(l1Table).map(Entries::offset)
                .filter(o -> o != 0 && validCluster(o, length) && !l2Cache.containsKey(o >>> bits))
                .sorted().distinct().toArray();
        readClusters(wanted, (offset, bytes) -> {
            long[] table = new long[header.l2Entries()];
            bytes.asLongBuffer().get(table);
            l2Cache.put(offset >>> bits, table);
        });
    }

    /** Caches every refcount block, neighbours in the file with one read (a check reads them all). */
    void loadRefcountBlocks() throws IOException {
        Map<Long, Integer> slots = new HashMap<>();
        for (int slot = 0; slot < refcountTable.length; slot++) {
            if (refcountTable[slot] != 0 && refcountBlocks[slot] == null) {
                slots.putIfAbsent(refcountTable[slot], slot);
            }
        }
        long[] wanted = slots.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        readClusters(wanted, (offset, bytes) -> {
            byte[] block = new byte[header.clusterSize()];
            bytes.get(block);
            refcountBlocks[slots.get(offset)] = block;
        });
    }

    /** Receives one cluster of a run read by {@link #readClusters}. */
    private interface ClusterReader {
        void accept(long offset, ByteBuffer bytes) throws IOException;
    }

    /** Reads the clusters at {@code offsets} (sorted, distinct), one read per run of neighbours. */
    private void readClusters(long[] offsets, ClusterReader reader) throws IOException {
        int cs = header.clusterSize();
        for (int i = 0; i < offsets.length; ) {
            int end = i + 1;
            while (end < offsets.length && offsets[end] == offsets[end - 1] + cs && (long) (end - i + 1) * cs <= MAX_TRANSFER) {
                end++;
            }
            ByteBuffer run = transferBuffer((end - i) * cs);
            file.read(offsets[i], run);
            for (int k = i; k < end; k++) {
                run.limit((k - i + 1) * cs).position((k - i) * cs);
                reader.accept(offsets[k], run.slice());
            }
            i = end;
        }
    }

    /**
     * A direct buffer of {@code bytes} (at most {@link #MAX_TRANSFER}) for bulk metadata reads and
     * writes, kept while the image is open: the channel fills or drains it in place, where a
     * fresh heap array would cost an allocation and one more copy per transfer.
     */
    ByteBuffer transferBuffer(int bytes) {
        if (transfer == null || transfer.capacity() < bytes) {
            transfer = ByteBuffer.allocateDirect(Math.min(MAX_TRANSFER, Math.max(bytes, 2 * (transfer == null ? 0 : transfer.capacity()))));
        }
        return transfer.clear().limit(bytes);
    }

    /** The refcount block in refcount-table slot {@code slot}; null when the slot is empty. */
    byte[] refcountBlock(int slot) throws IOException {
        byte[] block = refcountBlocks[slot];
        if (block == null && refcountTable[slot] != 0) {
            block = file.readBytes(refcountTable[slot], header.clusterSize());
            refcountBlocks[slot] = block;
        }
        return block;
    }

    int refcountBlockShift() {
        return refcountShift;
    }

    /** The refcount stored on disk for a host cluster index; 0 beyond the refcount table. */
    long storedRefcount(long cluster) throws IOException {
        long slot = cluster >>> refcountShift;
        if (slot >= refcountTable.length) {
            return 0;
        }
        byte[] block = refcountBlock((int) slot);
        if (block == null) {
            return 0;
        }
        return RefcountCodec.get(block, (int) (cluster & ((1L << refcountShift) - 1)), refcountOrder);
    }

    /**
     * Switches to a committed refcount table. Slots the transaction did not touch still point at
     * the same blocks, so their cached contents stay valid; {@code movedBlocks} holds the rest.
     */
    void adoptRefcounts(long[] table, Map<Integer, byte[]> movedBlocks) {
        byte[][] blocks = java.util.Arrays.copyOf(refcountBlocks, table.length);
        movedBlocks.forEach((slot, content) -> blocks[slot] = content);
        refcountTable = table;
        refcountBlocks = blocks;
        movedBlocks.keySet().forEach(fullBlocks::clear);
    }

    /** {@code cluster}, or the first cluster after it whose refcount block may count a free one. */
    long skipFullBlocks(long cluster) {
        int shift = refcountBlockShift();
        long slot = cluster >>> shift;
        if (slot >= refcountTable.length || !fullBlocks.get((int) slot)) {
            return cluster;
        }
        return (long) fullBlocks.nextClearBit((int) slot) << shift;
    }

    void cacheL2(long offset, long[] table) {
        l2Cache.put(offset >>> header.clusterBits(), table);
    }

    /** Drops what is cached for a cluster that became free (it may come back as something else). */
    void forgetCluster(long offset) {
        l2Cache.remove(offset >>> header.clusterBits());
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

    void readThrough(long[] table, long offset, byte[] dst, int dstOffset, int length) throws IOException {
        readLayer(table, offset, dst, dstOffset, length, true);
    }

    /**
     * Reads run by run: clusters that read alike (data contiguous on the host, zeros, or
     * unallocated) are one read. Unallocated clusters come from the backing file when
     * {@code fallThrough} is set (zeros past the backing file's end), otherwise read as zeros.
     */
    void readLayer(long[] table, long offset, byte[] dst, int dstOffset, int length, boolean fallThrough)
            throws IOException {
        int done = 0;
        while (done < length) {
            long guest = offset + done;
            long entry = l2EntryFor(table, guest);
            int n = runLength(table, guest, entry, length - done);
            int at = dstOffset + done;
            if (Entries.compressed(entry)) {
                byte[] cluster = Compression.decompress(this, entry);
                System.arraycopy(cluster, (int) (guest & (header.clusterSize() - 1)), dst, at, n);
            } else if (Entries.zero(entry)) {
                java.util.Arrays.fill(dst, at, at + n, (byte) 0);
            } else if (Entries.offset(entry) != 0) {
                long host = Entries.offset(entry) + (guest & (header.clusterSize() - 1));
                file.read(host, ByteBuffer.wrap(dst, at, n));
            } else if (fallThrough && backing() != null) {
                readBacking(guest, dst, at, n);
            } else {
                java.util.Arrays.fill(dst, at, at + n, (byte) 0);
            }
            done += n;
        }
    }

    /**
     * How many bytes from {@code guest} (at most {@code max}) read like its cluster, whose entry is
     * {@code entry}: the following clusters continue the run while they are of the same kind and,
     * for data, lie right after it on the host. A compressed cluster is a run of its own.
     */
    private int runLength(long[] table, long guest, long entry, int max) throws IOException {
        int cs = header.clusterSize();
        long clusterStart = guest & ~(long) (cs - 1);
        int n = Math.min(max, cs - (int) (guest - clusterStart));
        for (long next = clusterStart + cs; n < max && !Entries.compressed(entry); next += cs) {
            if (!continuesRun(entry, l2EntryFor(table, next), next - clusterStart)) {
                break;
            }
            n += Math.min(max - n, cs);
        }
        return n;
    }

    /** Whether a cluster {@code distance} guest bytes after the one mapped by {@code first} reads in the same run. */
    private static boolean continuesRun(long first, long next, long distance) {
        if (Entries.compressed(next)) {
            return false;
        }
        if (Entries.zero(first) || Entries.zero(next)) {
            return Entries.zero(first) && Entries.zero(next);
        }
        return Entries.offset(next) == (Entries.offset(first) == 0 ? 0 : Entries.offset(first) + distance);
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
        if (!Entries.compressed(entry) && (Entries.offset(entry) & (header.clusterSize() - 1)) != 0) {
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
        if (pendingWrites != null) {
            // Its transaction may have taken free clusters that a second one would take again.
            throw new ImageOperationException(name() + " has a batch of writes in progress; commit or close it first");
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
            Qcow2Checker checked = Qcow2Checker.run(this);
            CheckReport report = checked.report();
            if (report.corruptions() > 0 || report.checkErrors() > 0) {
                String what = report.corruptions() > 0 ? " has " + report.corruptions() + " corruption(s): "
                        : " cannot be checked before writing: ";
                throw new ImageOperationException(name() + what
                        + report.firstProblem() + "; nothing was written. Repair it with 'qemu-img check -r all'");
            }
            // The check has just read every refcount: allocations can start at the first free cluster.
            freeHint = Math.max(freeHint, checked.firstFreeCluster());
            freeTail = Math.max(freeTail, checked.freeTail());
            fullBlocks.or(checked.fullRefcountBlocks());
            verifiedForWrite = true;
        }
    }

    MetadataTransaction begin() throws IOException {
        ensureWritable();
        return new MetadataTransaction(this);
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length) throws IOException {
        try (WriteBatch batch = beginWrites()) {
            batch.write(offset, src, srcOffset, length);
            batch.commit();
        }
    }

    /**
     * Starts guest writes whose new clusters are mapped in by one metadata switch at commit (or
     * a few, for very large batches). No other change of the image may start before it ends.
     */
    @Override
    public WriteBatch beginWrites() {
        return new GuestWriter(this);
    }

    void writesStarted(GuestWriter writes) {
        pendingWrites = writes;
    }

    void writesEnded(GuestWriter writes) {
        if (pendingWrites == writes) {
            pendingWrites = null;
        }
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

    /**
     * The guest bytes of {@code snapshot} (null: the active layer) for {@link ContentDigest}: reads
     * through this image's backing chain, and tells which ranges its metadata says read as zeros.
     */
    public ContentDigest.GuestView guestView(SnapshotEntry snapshot) throws IOException {
        return new LayerView(this, snapshot == null ? l1 : snapshotL1(snapshot),
                snapshot == null || snapshot.diskSize() < 0 ? header.size() : snapshot.diskSize());
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
