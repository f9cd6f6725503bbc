package io.snapledger.image.qcow2;

import io.snapledger.image.DiskImage;
import io.snapledger.image.WriteBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Guest writes on the active layer, as one {@link WriteBatch}. A cluster this layer owns alone
 * (COPIED) is written in place; any other (unallocated, zero, compressed or shared with a
 * snapshot) gets a fresh cluster holding the merged content.
 *
 * <p>Data goes to disk at once, one write per run of clusters that lie side by side on the host,
 * straight from the caller's array; only the new mappings wait in one {@link MetadataTransaction},
 * which {@link #commit()} switches in (its flush before the header write makes the data durable
 * first). When the transaction holds more than {@link #MAX_HELD} bytes of tables, it is switched
 * in on the way, which bounds memory for writes of any size.
 */
final class GuestWriter implements WriteBatch {
    /** Metadata a transaction may hold before it is switched in. */
    static final long MAX_HELD = 64L << 20;

    private final Qcow2Image image;
    private final int clusterBits;
    private final int clusterSize;
    /** log2 of the guest bytes one L2 table maps. */
    private final int l2RangeBits;
    private MetadataTransaction tx;
    private boolean remapped;

    GuestWriter(Qcow2Image image) {
        this.image = image;
        this.clusterBits = image.header().clusterBits();
        this.clusterSize = 1 << clusterBits;
        this.l2RangeBits = 2 * clusterBits - 3;
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length) throws IOException {
        DiskImage.checkRange(image, offset, length);
        int done = 0;
        while (done < length) {
            done += writeRun(offset + done, src, srcOffset + done, length - done);
        }
    }

    @Override
    public void commit() throws IOException {
        if (tx != null) {
            switchIn();
        }
    }

    /** Drops the mappings not switched in yet; their fresh clusters stay free (refcount 0). */
    @Override
    public void close() {
        if (tx != null) {
            tx = null;
            remapped = false;
            image.writesEnded(this);
        }
    }

    private MetadataTransaction transaction() throws IOException {
        if (tx != null && tx.heldBytes() > MAX_HELD) {
            switchIn();
        }
        if (tx == null) {
            tx = image.begin();
            image.writesStarted(this);
        }
        return tx;
    }

    private void switchIn() throws IOException {
        MetadataTransaction pending = tx;
        boolean changed = remapped;
        close();
        if (changed) {
            pending.commit();
        }
    }

    /**
     * Writes the longest run from {@code guest} that one write can take, within one L2 table's
     * range: clusters owned alone and contiguous on the host, or clusters that all need fresh
     * ones. Returns the bytes written.
     */
    private int writeRun(long guest, byte[] src, int srcOffset, int length) throws IOException {
        MetadataTransaction t = transaction();
        int l1Index = (int) (guest >>> l2RangeBits);
        long rangeEnd = ((long) l1Index + 1) << l2RangeBits;
        int max = (int) Math.min(length, rangeEnd - guest);
        long[] table = activeL2(t, l1Index);
        int first = (int) ((guest >>> clusterBits) & ((1 << (clusterBits - 3)) - 1));
        int inCluster = (int) (guest & (clusterSize - 1));
        long entry = entryAt(table, first);
        if (writableInPlace(entry)) {
            int n = bytesInRun(table, first, inCluster, max, true);
            image.file().write(Entries.offset(entry) + inCluster, ByteBuffer.wrap(src, srcOffset, n));
            return n;
        }
        int n = bytesInRun(table, first, inCluster, max, false);
        int wanted = (int) ((inCluster + (long) n + clusterSize - 1) >>> clusterBits);
        MetadataTransaction.HostRun host = t.allocateRun(wanted);
        n = (int) Math.min(n, ((long) host.clusters() << clusterBits) - inCluster);
        writeFresh(t, host, guest, table, first, src, srcOffset, n);
        long[] own = t.writableActiveL2(l1Index);
        for (int j = 0; j < host.clusters(); j++) {
            t.refL2Entry(own[first + j], -1);
            // COPIED at once: the cluster is this layer's alone, so later writes of the batch land in place.
            own[first + j] = (host.offset() + ((long) j << clusterBits)) | Entries.COPIED;
        }
        remapped = true;
        return n;
    }

    /**
     * Puts {@code n} bytes at {@code inCluster} of the first cluster into the fresh run: whole
     * clusters straight from {@code src} in one write, a partial first or last cluster merged
     * with what the guest reads there now.
     */
    private void writeFresh(MetadataTransaction t, MetadataTransaction.HostRun host, long guest, long[] table,
                            int first, byte[] src, int srcOffset, int n) throws IOException {
        int inCluster = (int) (guest & (clusterSize - 1));
        long clusterStart = guest - inCluster;
        int clusters = host.clusters();
        int head = inCluster == 0 && n >= clusterSize ? 0 : 1;
        int lastBytes = (int) (inCluster + (long) n - ((long) (clusters - 1) << clusterBits));
        int tail = clusters > head && lastBytes < clusterSize ? 1 : 0;
        if (head == 1) {
            int bytes = Math.min(n, clusterSize - inCluster);
            byte[] merged = merged(clusterStart, entryAt(table, first), src, srcOffset, inCluster, bytes);
            t.writeData(host.offset(), ByteBuffer.wrap(merged));
        }
        int whole = clusters - head - tail;
        if (whole > 0) {
            int from = srcOffset + (head == 0 ? 0 : clusterSize - inCluster);
            t.writeData(host.offset() + ((long) head << clusterBits), ByteBuffer.wrap(src, from, whole << clusterBits));
        }
        if (tail == 1) {
            int last = clusters - 1;
            int from = (int) (srcOffset + ((long) last << clusterBits) - inCluster);
            byte[] merged = merged(clusterStart + ((long) last << clusterBits), entryAt(table, first + last),
                    src, from, 0, lastBytes);
            t.writeData(host.offset() + ((long) last << clusterBits), ByteBuffer.wrap(merged));
        }
    }

    /**
     * Bytes from {@code inCluster} of cluster {@code first} (at most {@code max}) whose clusters
     * are all written the same way: in place and contiguous on the host, or all into fresh ones.
     */
    private int bytesInRun(long[] table, int first, int inCluster, int max, boolean inPlace) {
        long firstHost = Entries.offset(entryAt(table, first));
        int n = Math.min(max, clusterSize - inCluster);
        for (int j = 1; n < max; j++) {
            long entry = entryAt(table, first + j);
            boolean same = inPlace
                    ? writableInPlace(entry) && Entries.offset(entry) == firstHost + ((long) j << clusterBits)
                    : !writableInPlace(entry);
            if (!same) {
                break;
            }
            n += Math.min(max - n, clusterSize);
        }
        return n;
    }

    private static boolean writableInPlace(long entry) {
        return Entries.copied(entry) && Entries.hasHostCluster(entry) && !Entries.zero(entry);
    }

    /** The active L2 table for {@code l1Index} as the transaction sees it; null when none is mapped. */
    private static long[] activeL2(MetadataTransaction t, int l1Index) throws IOException {
        if (l1Index >= t.l1().length) {
            return null;
        }
        long l2Offset = Entries.offset(t.l1()[l1Index]);
        return l2Offset == 0 ? null : t.l2(l2Offset);
    }

    private static long entryAt(long[] table, int index) {
        return table == null ? 0 : table[index];
    }

    /** The cluster's current guest content with {@code n} bytes at {@code inCluster} replaced. */
    private byte[] merged(long clusterStart, long entry, byte[] src, int srcOffset, int inCluster, int n)
            throws IOException {
        byte[] cluster = new byte[clusterSize];
        if (Entries.compressed(entry)) {
            cluster = Compression.decompress(image, entry);
        } else if (Entries.zero(entry)) {
            Arrays.fill(cluster, (byte) 0);
        } else if (Entries.offset(entry) != 0) {
            image.file().read(Entries.offset(entry), ByteBuffer.wrap(cluster));
        } else {
            long[] single = {0};
            image.readLayer(single, clusterStart, cluster, 0, clusterSize, true);
        }
        System.arraycopy(src, srcOffset, cluster, inCluster, n);
        return cluster;
    }
}
