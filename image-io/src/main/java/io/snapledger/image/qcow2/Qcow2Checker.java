package io.snapledger.image.qcow2;

import io.snapledger.image.InvalidImageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Recounts every reference in the image (header, tables, each L1 and what it maps, snapshot
 * table, refcount structures, bitmaps) and compares with the stored refcounts and COPIED flags,
 * as {@code qemu-img check} does. Reads only.
 */
final class Qcow2Checker {
    private static final int MAX_PROBLEMS = 20;
    /** Like qemu-img check, which refuses files of more than INT_MAX clusters. */
    private static final long MAX_CLUSTERS = Integer.MAX_VALUE - 8;
    private final Qcow2Image image;
    private final int clusterBits;
    private final int clusterSize;
    private final long fileLength;
    private long[] counts;
    /** Bit per cluster below {@link #comparedUpTo}: its stored refcount is exactly 1 (COPIED must be set). */
    private long[] storedOne = new long[0];
    private long comparedUpTo;
    private final List<String> problems = new ArrayList<>();
    private long corruptions;
    private long checkErrors;
    private long firstFree = -1;
    private long lastUsed;
    private final BitSet fullBlocks = new BitSet();
    private CheckReport report;

    private Qcow2Checker(Qcow2Image image, long fileLength) {
        this.image = image;
        this.clusterBits = image.header().clusterBits();
        this.clusterSize = 1 << clusterBits;
        this.fileLength = fileLength;
        // Sized for the clusters the refcount table describes, not the file: a sparse tail costs nothing.
        long described = (long) image.refcountTable.length << image.refcountBlockShift();
        this.counts = new long[(int) Math.min(Math.min((fileLength >>> clusterBits) + 1, described), MAX_CLUSTERS)];
    }

    static CheckReport check(Qcow2Image image) throws IOException {
        return run(image).report();
    }

    /** Checks the image; the result also knows where the first free cluster is. */
    static Qcow2Checker run(Qcow2Image image) throws IOException {
        Qcow2Checker checker = new Qcow2Checker(image, image.file().size());
        checker.report = checker.checkAll();
        return checker;
    }

    CheckReport report() {
        return report;
    }

    /** The lowest host cluster index (never 0, the header) whose stored refcount is 0. */
    long firstFreeCluster() {
        return firstFree;
    }

    /** The cluster after the last one whose stored refcount is not 0. */
    long freeTail() {
        return lastUsed + 1;
    }

    /** Refcount-table slots whose whole block was compared and counts no free cluster. */
    BitSet fullRefcountBlocks() {
        return fullBlocks;
    }

    private CheckReport checkAll() throws IOException {
        Qcow2Header h = image.header();
        countRange(0, h.clusterSize(), "header");
        countRange(h.l1TableOffset(), (long) h.l1Size() * 8, "active L1 table");
        long[] activeCounts = countTree(image.l1, "active");
        countRange(h.refcountTableOffset(), (long) h.refcountTableClusters() * h.clusterSize(), "refcount table");
        for (long block : image.refcountTable) {
            if (block != 0) {
                countRange(block, h.clusterSize(), "refcount block");
            }
        }
        if (!image.snapshots.isEmpty()) {
            countRange(h.snapshotsOffset(), image.snapshotTableBytes, "snapshot table");
        }
        for (SnapshotEntry s : image.snapshots) {
            countRange(s.l1TableOffset(), (long) s.l1Size() * 8, "L1 table of snapshot " + s.id());
            try {
                countTree(image.snapshotL1(s), "snapshot " + s.id());
            } catch (InvalidImageException e) {
                corruption(e.getMessage());
            }
        }
        countBitmaps();
        long leaks = compare();
        checkCopied();
        long allocated = activeCounts[0];
        return new CheckReport(image.name(), checkErrors, corruptions, leaks, imageEnd(), totalClusters(),
                allocated, activeCounts[1], activeCounts[2], problems);
    }

    private long totalClusters() {
        long cs = image.clusterSize();
        return (image.virtualSize() + cs - 1) / cs;
    }

    private long imageEnd() throws IOException {
        long last = -1;
        for (long c = counts.length - 1; c >= 0; c--) {
            if (image.storedRefcount(c) != 0 || counts[(int) c] != 0) {
                last = c;
                break;
            }
        }
        return (last + 1) << clusterBits;
    }

    /** Counts an L1 tree; returns {allocated, fragmented, compressed} guest clusters. */
    private long[] countTree(long[] l1, String owner) throws IOException {
        long allocated = 0;
        long fragmented = 0;
        long compressed = 0;
        long previousHost = -1;
        // Built once: the loop below runs once per guest cluster.
        String tableOf = "L2 table of " + owner;
        String dataOf = "data of " + owner;
        String compressedDataOf = "compressed data of " + owner;
        image.loadL2Tables(l1);
        for (int i = 0; i < l1.length; i++) {
            long l2Offset = Entries.offset(l1[i]);
            if (l2Offset == 0) {
                continue;
            }
            if (!countRange(l2Offset, clusterSize, tableOf)) {
                continue;
            }
            long[] l2 = image.l2(l2Offset);
            for (int j = 0; j < l2.length; j++) {
                long entry = l2[j];
                if (Entries.compressed(entry)) {
                    compressed++;
                    allocated++;
                    long start = Entries.compressedOffset(entry, clusterBits) & ~511L;
                    countRange(start, Entries.compressedSectors(entry, clusterBits) * 512, compressedDataOf);
                    previousHost = -1;
                } else if (Entries.hasHostCluster(entry)) {
                    long host = Entries.offset(entry);
                    if ((host & (clusterSize - 1)) != 0) {
                        corruption(String.format("%s L2 entry at 0x%x points at unaligned offset 0x%x", owner, l2Offset, host));
                        continue;
                    }
                    allocated++;
                    if (previousHost >= 0 && host != previousHost + clusterSize) {
                        fragmented++;
                    }
                    previousHost = host;
                    countCluster(host, dataOf);
                } else if (Entries.allocated(entry)) {
                    allocated++;
                }
            }
        }
        return new long[] {allocated, fragmented, compressed};
    }

    private void countBitmaps() throws IOException {
        for (HeaderExtension e : image.header().extensions()) {
            if (e.type() != HeaderExtension.BITMAPS || e.data().length < 24) {
                continue;
            }
            ByteBuffer ext = ByteBuffer.wrap(e.data());
            int count = ext.getInt(0);
            long dirSize = ext.getLong(8);
            long dirOffset = ext.getLong(16);
            countRange(dirOffset, dirSize, "bitmap directory");
            ByteBuffer dir = ByteBuffer.wrap(image.file().readBytes(dirOffset, (int) Math.min(dirSize, 64 << 20)));
            int at = 0;
            for (int i = 0; i < count && at + 24 <= dir.capacity(); i++) {
                long tableOffset = dir.getLong(at);
                int tableSize = dir.getInt(at + 8);
                int nameSize = dir.getShort(at + 18) & 0xffff;
                int extra = dir.getInt(at + 20);
                countRange(tableOffset, (long) tableSize * 8, "bitmap table");
                for (long entry : image.readTable(tableOffset, tableSize)) {
                    long data = entry & Entries.OFFSET_MASK;
                    if (data != 0) {
                        countRange(data, image.clusterSize(), "bitmap data");
                    }
                }
                at += SnapshotTable.align8(24 + extra + nameSize);
            }
        }
    }

    /** One use of the cluster at {@code host}: the common case of {@link #countRange}, kept short for the per-entry loop. */
    private void countCluster(long host, String what) {
        long c = host >>> clusterBits;
        if (host < fileLength && c < counts.length) {
            counts[(int) c]++;
        } else {
            countRange(host, clusterSize, what);
        }
    }

    private boolean countRange(long offset, long bytes, String what) {
        if (bytes == 0) {
            return true;
        }
        if (offset < 0 || offset + bytes > fileLength + image.clusterSize() - 1 || offset >= fileLength) {
            corruption(String.format("%s at 0x%x (+%d) lies past the end of the file", what, offset, bytes));
            return false;
        }
        if ((offset + bytes - 1) >>> clusterBits >= MAX_CLUSTERS) {
            checkErrors++;
            problem(String.format("%s at 0x%x lies beyond cluster %d; files of more clusters than that cannot be checked",
                    what, offset, MAX_CLUSTERS));
            return false;
        }
        for (long c = offset >>> clusterBits; c <= (offset + bytes - 1) >>> clusterBits; c++) {
            if (c >= counts.length) {
                counts = Arrays.copyOf(counts, (int) Math.min(Math.max(c + 1, 2L * counts.length), MAX_CLUSTERS));
            }
            counts[(int) c]++;
        }
        return true;
    }

    /**
     * Compares the counted uses with the stored refcounts, one refcount block at a time. On the
     * way it notes which clusters have refcount 1 (for the COPIED check) and what allocation can
     * start from: the first free cluster, the free tail, the blocks that count no free cluster.
     */
    private long compare() throws IOException {
        long leaks = 0;
        long limit = Math.max(counts.length, (long) image.refcountTable.length << image.refcountBlockShift());
        limit = Math.min(limit, Math.max(counts.length, (fileLength >>> clusterBits) + 1));
        int shift = image.refcountBlockShift();
        int order = image.header().refcountOrder();
        storedOne = new long[(int) ((limit + 63) >>> 6)];
        image.loadRefcountBlocks();
        for (long first = 0; first < limit; first += 1L << shift) {
            long slot = first >>> shift;
            byte[] block = slot < image.refcountTable.length ? image.refcountBlock((int) slot) : null;
            int entries = (int) Math.min(1L << shift, limit - first);
            boolean full = block != null && entries == 1 << shift;
            for (int i = 0; i < entries; i++) {
                long c = first + i;
                long expected = c < counts.length ? counts[(int) c] : 0;
                long stored = block == null ? 0 : RefcountCodec.get(block, i, order);
                if (stored == 1) {
                    storedOne[(int) (c >>> 6)] |= 1L << c;
                }
                if (stored < expected) {
                    corruption(String.format("cluster 0x%x is used %d time(s) but its refcount is %d",
                            c << clusterBits, expected, stored));
                } else if (stored > expected) {
                    leaks++;
                }
                if (stored != 0) {
                    lastUsed = c;
                } else {
                    full = false;
                    if (c > 0 && firstFree < 0) {
                        firstFree = c;
                    }
                }
            }
            if (full) {
                fullBlocks.set((int) slot);
            }
        }
        if (firstFree < 0) {
            firstFree = Math.max(1, limit);
        }
        comparedUpTo = limit;
        return leaks;
    }

    private void checkCopied() throws IOException {
        for (int i = 0; i < image.l1.length; i++) {
            long l2Offset = Entries.offset(image.l1[i]);
            if (l2Offset == 0 || l2Offset >= fileLength) {
                continue;
            }
            if (Entries.copied(image.l1[i]) != refcountIsOne(l2Offset)) {
                corruption(String.format("active L1 entry %d: COPIED flag disagrees with refcount of L2 table 0x%x",
                        i, l2Offset));
            }
            long[] l2 = image.l2(l2Offset);
            for (int j = 0; j < l2.length; j++) {
                long entry = l2[j];
                if (Entries.compressed(entry)) {
                    if (Entries.copied(entry)) {
                        corruption(String.format("compressed cluster in L2 0x%x entry %d has COPIED set", l2Offset, j));
                    }
                } else if (Entries.hasHostCluster(entry) && Entries.offset(entry) < fileLength
                        && Entries.copied(entry) != refcountIsOne(Entries.offset(entry))) {
                    corruption(String.format("L2 0x%x entry %d: COPIED flag disagrees with refcount of cluster 0x%x",
                            l2Offset, j, Entries.offset(entry)));
                }
            }
        }
    }

    private boolean refcountIsOne(long host) throws IOException {
        long c = host >>> clusterBits;
        return c < comparedUpTo ? (storedOne[(int) (c >>> 6)] & (1L << c)) != 0 : image.storedRefcount(c) == 1;
    }

    private void corruption(String problem) {
        corruptions++;
        problem(problem);
    }

    private void problem(String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }
}
