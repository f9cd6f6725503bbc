package io.snapledger.image.qcow2;

import io.snapledger.image.ImageOperationException;
import io.snapledger.image.InvalidImageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One atomic change of an image's metadata.
 *
 * <p>Callers describe the change (a new active L1, new L2 tables, new snapshot table) and every
 * reference gained or dropped; data for the clusters they allocate (guest data, VM state) goes
 * to disk at once through {@link #writeData}. {@link #commit()} then derives the new refcounts,
 * copies each refcount block that changes and the refcount table to free clusters, writes the new
 * metadata, flushes, and switches the image over with one write of the header's fixed part, which
 * lies in the first sector. Nothing the old header reaches is overwritten, so a crash at any write
 * leaves either the old image or the new one, and no leaked cluster.
 *
 * <p>Refcounts count paths from L1 tables: a data cluster reachable through one L2 table that two
 * L1 tables share counts 2, as in QEMU.
 */
final class MetadataTransaction {
    private final Qcow2Image image;
    private final Qcow2Header start;
    private final int clusterBits;
    private final int clusterSize;
    private final RefcountDelta delta;
    private final BitSet allocated = new BitSet();
    /** New L2 tables by host cluster index (offsets, all cluster multiples, would hash into few buckets). */
    private final Map<Long, long[]> newL2 = new HashMap<>();
    private final TreeMap<Long, byte[]> freshWrites = new TreeMap<>();
    private long freshBytes;
    private long[] l1;
    private boolean l1Changed;
    private long size;
    private List<SnapshotEntry> snapshots;
    private boolean snapshotsChanged;
    private long cursor;

    MetadataTransaction(Qcow2Image image) throws IOException {
        this.image = image;
        this.start = image.header;
        this.clusterBits = start.clusterBits();
        // Most changes touch clusters all over the file: size for it once instead of growing.
        this.delta = new RefcountDelta((image.file().size() >>> clusterBits) + 1);
        this.clusterSize = start.clusterSize();
        this.l1 = image.l1;
        this.size = start.size();
        this.snapshots = image.snapshots;
        this.cursor = Math.max(1, image.freeHint);
    }

    Qcow2Image image() {
        return image;
    }

    // ------------------------------------------------------------------ references

    void ref(long hostOffset, int change) {
        delta.add(hostOffset >>> clusterBits, change);
    }

    /** Adds {@code change} to every host cluster an L2 entry owns (several for compressed data). */
    void refL2Entry(long entry, int change) {
        if (Entries.compressed(entry)) {
            long first = Entries.compressedOffset(entry, clusterBits) & ~511L;
            long last = first + Entries.compressedSectors(entry, clusterBits) * 512 - 1;
            for (long c = first >>> clusterBits; c <= last >>> clusterBits; c++) {
                delta.add(c, change);
            }
        } else if (Entries.hasHostCluster(entry)) {
            ref(Entries.offset(entry), change);
        }
    }

    /** Adds {@code change} to each L2 table of {@code table} and to every cluster those tables map. */
    void refTree(long[] table, int change) throws IOException {
        for (long l1Entry : table) {
            long l2Offset = Entries.offset(l1Entry);
            if (l2Offset == 0) {
                continue;
            }
            ref(l2Offset, change);
            for (long entry : l2(l2Offset)) {
                refL2Entry(entry, change);
            }
        }
    }

    /** The refcount a host cluster will have once this transaction commits. */
    long newRefcount(long hostOffset) throws IOException {
        long cluster = hostOffset >>> clusterBits;
        long stored = allocated.get((int) cluster) ? 0 : image.storedRefcount(cluster);
        return stored + delta.get(cluster);
    }

    // ------------------------------------------------------------------ tables

    long[] l2(long offset) throws IOException {
        long[] table = newL2.get(offset >>> clusterBits);
        return table != null ? table : image.l2(offset);
    }

    long[] l1() {
        return l1;
    }

    void replaceL1(long[] table) {
        l1 = table;
        l1Changed = true;
    }

    long size() {
        return size;
    }

    void resize(long newSize) {
        size = newSize;
    }

    private long[] mutableL1() {
        if (!l1Changed) {
            l1 = l1.clone();
            l1Changed = true;
        }
        return l1;
    }

    /**
     * The active L2 table for {@code l1Index}, as a copy this transaction owns and may change:
     * an existing table is copied to a fresh cluster (the old one loses the active reference; the
     * clusters it maps keep theirs, now through the copy), a missing one starts empty.
     */
    long[] writableActiveL2(int l1Index) throws IOException {
        long old = Entries.offset(l1[l1Index]);
        if (old != 0 && newL2.containsKey(old >>> clusterBits)) {
            return newL2.get(old >>> clusterBits);
        }
        long[] copy = old == 0 ? new long[clusterSize / 8] : image.l2(old).clone();
        long fresh = allocate(1);
        newL2.put(fresh >>> clusterBits, copy);
        if (old != 0) {
            ref(old, -1);
        }
        mutableL1()[l1Index] = fresh;
        return copy;
    }

    /** A fresh L2 table that only this transaction references so far (e.g. for VM state). */
    long newL2Table(long[] entries) {
        long fresh = allocate(1);
        newL2.put(fresh >>> clusterBits, entries);
        return fresh;
    }

    List<SnapshotEntry> snapshots() {
        return snapshots;
    }

    void replaceSnapshots(List<SnapshotEntry> entries) {
        snapshots = List.copyOf(entries);
        snapshotsChanged = true;
    }

    /** Queues bytes for a cluster range this transaction allocated. */
    void writeFresh(long offset, byte[] bytes) {
        byte[] replaced = freshWrites.put(offset, bytes);
        freshBytes += bytes.length - (replaced == null ? 0 : replaced.length);
    }

    /**
     * Writes data (guest data, VM state) at once into clusters this transaction allocated,
     * straight from the caller's buffer. Safe before the switch: nothing the old header reaches
     * points at them, their stored refcount is 0, and the flush before the header write makes
     * them durable first; a crash in between leaves free clusters, neither a leak nor a change.
     */
    void writeData(long hostOffset, ByteBuffer data) throws IOException {
        long first = hostOffset >>> clusterBits;
        long last = (hostOffset + data.remaining() - 1) >>> clusterBits;
        if (!allocated.get((int) first) || !allocated.get((int) last)) {
            throw new IllegalStateException(String.format(
                    "data for 0x%x would land outside the clusters this transaction allocated", hostOffset));
        }
        image.file().write(hostOffset, data);
    }

    /** Memory held for the switch: new L2 tables and queued metadata. */
    long heldBytes() {
        return (long) newL2.size() * clusterSize + freshBytes;
    }

    // ------------------------------------------------------------------ allocation

    /**
     * Allocates {@code count} contiguous clusters that nothing in the old image uses. Several at
     * once (an L1 or refcount table) are sought from the free tail: looking for a run among the
     * single-cluster holes that freed tables leave would test every cluster of the image.
     */
    long allocate(int count) {
        cursor = firstFreeFrom(cursor);
        long start = count == 1 ? cursor : firstFreeFrom(Math.max(cursor, image.freeTail));
        long end = start;
        while (end - start < count) {
            if (free(end)) {
                end++;
            } else {
                start = firstFreeFrom(end + 1);
                end = start;
            }
        }
        take(start, count);
        return start << clusterBits;
    }

    /** Contiguous host clusters: where they start and how many. */
    record HostRun(long offset, int clusters) {
    }

    /**
     * Allocates the first free cluster and as many of the free clusters right after it as
     * possible, up to {@code max}: holes get used, and large writes still get long runs.
     */
    HostRun allocateRun(int max) {
        cursor = firstFreeFrom(cursor);
        long start = cursor;
        int count = 1;
        while (count < max && free(start + count)) {
            count++;
        }
        take(start, count);
        return new HostRun(start << clusterBits, count);
    }

    private void take(long start, int count) {
        for (long c = start; c < start + count; c++) {
            allocated.set((int) c);
            delta.add(c, 1);
        }
        if (start == cursor) {
            cursor = start + count;
        }
    }

    private long firstFreeFrom(long cluster) {
        long c = image.skipFullBlocks(cluster);
        while (!free(c)) {
            c = image.skipFullBlocks(c + 1);
        }
        return c;
    }

    /**
     * Free for this transaction: unused in the old image and not taken yet. Clusters the
     * transaction releases keep their stored refcount until the switch, so they are not reused.
     */
    private boolean free(long cluster) {
        try {
            return !allocated.get((int) cluster) && image.storedRefcount(cluster) == 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void release(long offset, int count) {
        for (long c = offset >>> clusterBits; c < (offset >>> clusterBits) + count; c++) {
            allocated.clear((int) c);
            delta.add(c, -1);
        }
    }

    long clustersFor(long bytes) {
        return (bytes + clusterSize - 1) >>> clusterBits;
    }

    // ------------------------------------------------------------------ COPIED flags

    /**
     * Makes the active tables' COPIED flags say "refcount is 1" under the new refcounts. Entries of
     * a table the old image still reaches are never edited in place, so every table whose flags
     * are wrong is copied here; {@link #commit()} sets the flags of all new tables, once every
     * reference has changed.
     */
    void fixActiveCopiedFlags() throws IOException {
        for (int i = 0; i < l1.length; i++) {
            long offset = Entries.offset(l1[i]);
            if (offset != 0 && !newL2.containsKey(offset >>> clusterBits) && !copiedFlagsRight(l2(offset))) {
                writableActiveL2(i);
            }
        }
    }

    private boolean copiedFlagsRight(long[] table) throws IOException {
        for (long entry : table) {
            if (Entries.compressed(entry)) {
                if (Entries.copied(entry)) {
                    return false;
                }
            } else if (Entries.hasHostCluster(entry) && Entries.copied(entry) != (newRefcount(Entries.offset(entry)) == 1)) {
                return false;
            }
        }
        return true;
    }

    private void setCopiedFlags(long[] table) throws IOException {
        for (int j = 0; j < table.length; j++) {
            long entry = table[j];
            if (Entries.compressed(entry)) {
                table[j] = entry & ~Entries.COPIED;
            } else if (Entries.hasHostCluster(entry)) {
                table[j] = Entries.withCopied(entry, newRefcount(Entries.offset(entry)) == 1);
            }
        }
    }

    /** The active L1's COPIED flags: set where the L2 table it points at will have refcount 1. */
    private void fixL1CopiedFlags() throws IOException {
        for (int i = 0; i < l1.length; i++) {
            long offset = Entries.offset(l1[i]);
            boolean copied = offset != 0 && newRefcount(offset) == 1;
            if (Entries.copied(l1[i]) != copied) {
                mutableL1()[i] = Entries.withCopied(l1[i], copied);
            }
        }
    }

    // ------------------------------------------------------------------ commit

    void commit() throws IOException {
        fixL1CopiedFlags();
        long l1Offset = start.l1TableOffset();
        if (l1Changed) {
            releaseRange(start.l1TableOffset(), (long) start.l1Size() * 8);
            l1Offset = l1.length == 0 ? 0 : allocate((int) clustersFor((long) l1.length * 8));
            if (l1.length > 0) {
                writeFresh(l1Offset, encode(l1));
            }
        }
        long snapshotsOffset = start.snapshotsOffset();
        long snapshotTableBytes = image.snapshotTableBytes;
        if (snapshotsChanged) {
            releaseRange(start.snapshotsOffset(), image.snapshotTableBytes);
            byte[] table = SnapshotTable.encode(snapshots);
            snapshotTableBytes = table.length;
            snapshotsOffset = snapshots.isEmpty() ? 0 : allocate((int) clustersFor(table.length));
            if (!snapshots.isEmpty()) {
                writeFresh(snapshotsOffset, table);
            }
        }
        for (Map.Entry<Long, long[]> e : newL2.entrySet()) {
            // Flags (for the refcounts after every data reference has changed) and encoding one
            // table at a time: one pass over the new tables, each still in the cache for the second step.
            setCopiedFlags(e.getValue());
            writeFresh(e.getKey() << clusterBits, encode(e.getValue()));
        }
        RefcountPlan plan = planRefcounts();
        Qcow2Header next = start.withTables(size, l1.length, l1Offset, plan.tableOffset, plan.tableClusters,
                snapshots.size(), snapshotsOffset, start.autoclearFeatures() & Qcow2Header.AUTOCLEAR_KNOWN);
        writeAndSwitch(next);
        adoptInto(image, next, plan);
        image.snapshotTableBytes = snapshotTableBytes;
    }

    /** Drops the reference on every cluster of a table that the new image no longer uses. */
    void releaseRange(long offset, long bytes) {
        if (offset == 0 || bytes == 0) {
            return;
        }
        for (long c = 0; c < clustersFor(bytes); c++) {
            ref(offset + (c << clusterBits), -1);
        }
    }

    private static final class RefcountPlan {
        /** Refcount-table slot → new block offset, and slot → the block's new content. */
        final TreeMap<Long, Long> blocks = new TreeMap<>();
        final Map<Integer, byte[]> contents = new HashMap<>();
        long[] table;
        long tableOffset;
        int tableClusters;
    }

    /**
     * Places a copy of every refcount block whose counts change, and a new refcount table, in free
     * clusters. Placing them changes counts too, so this repeats until nothing new is touched.
     */
    private RefcountPlan planRefcounts() throws IOException {
        RefcountPlan plan = new RefcountPlan();
        int shift = image.refcountBlockShift();
        long[] oldTable = image.refcountTable;
        releaseRange(start.refcountTableOffset(), (long) start.refcountTableClusters() * clusterSize);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (long c = delta.nextChanged(0); c >= 0; c = delta.nextChanged(((c >>> shift) + 1) << shift)) {
                long block = c >>> shift;
                if (!plan.blocks.containsKey(block)) {
                    plan.blocks.put(block, allocate(1));
                    if (block < oldTable.length && oldTable[(int) block] != 0) {
                        ref(oldTable[(int) block], -1);
                    }
                    changed = true;
                }
            }
            long entries = Math.max(oldTable.length, plan.blocks.isEmpty() ? 0 : plan.blocks.lastKey() + 1);
            int clusters = (int) clustersFor(entries * 8);
            if (plan.tableOffset == 0 || plan.tableClusters < clusters) {
                if (plan.tableOffset != 0) {
                    release(plan.tableOffset, plan.tableClusters);
                }
                plan.tableClusters = plan.tableOffset == 0 ? clusters : clusters + 1;
                plan.tableOffset = allocate(plan.tableClusters);
                changed = true;
            }
        }
        plan.table = java.util.Arrays.copyOf(oldTable, plan.tableClusters * (clusterSize / 8));
        for (Map.Entry<Long, Long> e : plan.blocks.entrySet()) {
            long block = e.getKey();
            byte[] content = newBlockContent(block, oldTable, shift);
            plan.table[(int) block] = e.getValue();
            plan.contents.put((int) block, content);
            writeFresh(e.getValue(), content);
        }
        writeFresh(plan.tableOffset, encode(plan.table));
        return plan;
    }

    private byte[] newBlockContent(long block, long[] oldTable, int shift) throws IOException {
        int order = start.refcountOrder();
        byte[] stored = block < oldTable.length ? image.refcountBlock((int) block) : null;
        byte[] content = stored != null ? stored.clone() : new byte[clusterSize];
        long first = block << shift;
        long max = RefcountCodec.max(order);
        for (int i = 0; i < 1 << shift; i++) {
            long cluster = first + i;
            int change = delta.get(cluster);
            if (change == 0) {
                continue;
            }
            long old = allocated.get((int) cluster) ? 0 : RefcountCodec.get(content, i, order);
            long now = old + change;
            if (now < 0) {
                throw new InvalidImageException(image.name(), String.format(
                        "refcount of cluster 0x%x would drop below zero", cluster << clusterBits));
            }
            if (order < 6 && now > max) {
                throw new ImageOperationException(image.name() + String.format(
                        ": cluster 0x%x would need refcount %d but refcount_bits=%d holds at most %d; "
                                + "widen it with 'qemu-img amend -o refcount_bits=16' (nothing was written)",
                        cluster << clusterBits, now, start.refcountBits(), max));
            }
            RefcountCodec.set(content, i, order, now);
        }
        return content;
    }

    private void writeAndSwitch(Qcow2Header next) throws IOException {
        writeQueued();
        image.file().flush();
        image.file().write(0, ByteBuffer.wrap(next.encodeFixed()));
        image.file().flush();
    }

    /**
     * Writes the queued metadata, one write per run of neighbouring clusters (each piece padded
     * with zeros to its cluster end, all of it space this transaction owns): a snapshot operation
     * rewrites thousands of L2 tables and refcount blocks that mostly lie side by side.
     */
    private void writeQueued() throws IOException {
        List<Map.Entry<Long, byte[]>> run = new ArrayList<>();
        long runEnd = -1;
        for (Map.Entry<Long, byte[]> w : freshWrites.entrySet()) {
            long end = w.getKey() + (clustersFor(w.getValue().length) << clusterBits);
            if (!run.isEmpty() && (w.getKey() != runEnd || end - run.get(0).getKey() > Qcow2Image.MAX_TRANSFER)) {
                writeRun(run);
                run.clear();
            }
            run.add(w);
            runEnd = end;
        }
        if (!run.isEmpty()) {
            writeRun(run);
        }
    }

    private void writeRun(List<Map.Entry<Long, byte[]>> run) throws IOException {
        long start = run.get(0).getKey();
        Map.Entry<Long, byte[]> last = run.get(run.size() - 1);
        long length = last.getKey() - start + last.getValue().length;
        if (length > Qcow2Image.MAX_TRANSFER) {
            image.file().write(start, ByteBuffer.wrap(run.get(0).getValue()));
            return;
        }
        ByteBuffer joined = image.transferBuffer((int) length);
        for (Map.Entry<Long, byte[]> piece : run) {
            while (joined.position() < piece.getKey() - start) {
                joined.put((byte) 0);
            }
            joined.put(piece.getValue());
        }
        image.file().write(start, joined.flip());
    }

    private void adoptInto(Qcow2Image target, Qcow2Header next, RefcountPlan plan) throws IOException {
        List<Long> freed = new ArrayList<>();
        for (long c = delta.nextChanged(0); c >= 0; c = delta.nextChanged(c + 1)) {
            if (delta.get(c) < 0 && !allocated.get((int) c) && target.storedRefcount(c) + delta.get(c) == 0) {
                freed.add(c);
            }
        }
        target.header = next;
        target.l1 = l1;
        target.snapshots = snapshots;
        target.adoptRefcounts(plan.table, plan.contents);
        for (long c : freed) {
            target.forgetCluster(c << clusterBits);
        }
        newL2.forEach((cluster, table) -> target.cacheL2(cluster << clusterBits, table));
        long lowestFreed = freed.isEmpty() ? Long.MAX_VALUE : freed.get(0);
        target.freeHint = Math.min(cursor, lowestFreed);
        target.freeTail = Math.max(target.freeTail, allocated.length());
    }

    static byte[] encode(long[] table) {
        ByteBuffer b = ByteBuffer.allocate(table.length * 8);
        b.asLongBuffer().put(table);
        return b.array();
    }
}
