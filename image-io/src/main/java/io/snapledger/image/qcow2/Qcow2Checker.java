package io.snapledger.image.qcow2;

import io.snapledger.image.InvalidImageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final long fileLength;
    private long[] counts;
    private final List<String> problems = new ArrayList<>();
    private long corruptions;
    private long checkErrors;

    private Qcow2Checker(Qcow2Image image, long fileLength) {
        this.image = image;
        this.clusterBits = image.header().clusterBits();
        this.fileLength = fileLength;
        // Sized for the clusters the refcount table describes, not the file: a sparse tail costs nothing.
        long described = (long) image.refcountTable.length << image.refcountBlockShift();
        this.counts = new long[(int) Math.min(Math.min((fileLength >>> clusterBits) + 1, described), MAX_CLUSTERS)];
    }

    static CheckReport check(Qcow2Image image) throws IOException {
        Qcow2Checker checker = new Qcow2Checker(image, image.file().size());
        return checker.run();
    }

    private CheckReport run() throws IOException {
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
        for (int i = 0; i < l1.length; i++) {
            long l2Offset = Entries.offset(l1[i]);
            if (l2Offset == 0) {
                continue;
            }
            if (!countRange(l2Offset, image.clusterSize(), "L2 table of " + owner)) {
                continue;
            }
            long[] l2 = image.l2(l2Offset);
            for (int j = 0; j < l2.length; j++) {
                long entry = l2[j];
                if (Entries.compressed(entry)) {
                    compressed++;
                    allocated++;
                    long start = Entries.compressedOffset(entry, clusterBits) & ~511L;
                    countRange(start, Entries.compressedSectors(entry, clusterBits) * 512, "compressed data of " + owner);
                    previousHost = -1;
                } else if (Entries.hasHostCluster(entry)) {
                    long host = Entries.offset(entry);
                    if (host % image.clusterSize() != 0) {
                        corruption(String.format("%s L2 entry at 0x%x points at unaligned offset 0x%x", owner, l2Offset, host));
                        continue;
                    }
                    allocated++;
                    if (previousHost >= 0 && host != previousHost + image.clusterSize()) {
                        fragmented++;
                    }
                    previousHost = host;
                    countRange(host, image.clusterSize(), "data of " + owner);
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

    private long compare() throws IOException {
        long leaks = 0;
        long limit = Math.max(counts.length, (long) image.refcountTable.length << image.refcountBlockShift());
        limit = Math.min(limit, Math.max(counts.length, (fileLength >>> clusterBits) + 1));
        for (long c = 0; c < limit; c++) {
            long expected = c < counts.length ? counts[(int) c] : 0;
            long stored = image.storedRefcount(c);
            if (stored < expected) {
                corruption(String.format("cluster 0x%x is used %d time(s) but its refcount is %d",
                        c << clusterBits, expected, stored));
            } else if (stored > expected) {
                leaks++;
            }
        }
        return leaks;
    }

    private void checkCopied() throws IOException {
        for (int i = 0; i < image.l1.length; i++) {
            long l2Offset = Entries.offset(image.l1[i]);
            if (l2Offset == 0 || l2Offset >= fileLength) {
                continue;
            }
            if (Entries.copied(image.l1[i]) != (image.storedRefcount(l2Offset >>> clusterBits) == 1)) {
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
                        && Entries.copied(entry) != (image.storedRefcount(Entries.offset(entry) >>> clusterBits) == 1)) {
                    corruption(String.format("L2 0x%x entry %d: COPIED flag disagrees with refcount of cluster 0x%x",
                            l2Offset, j, Entries.offset(entry)));
                }
            }
        }
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
