package io.snapledger.image.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Guest writes on the active layer. A cluster this layer owns alone (COPIED) is written in place;
 * any other (unallocated, zero, compressed or shared with a snapshot) gets a fresh cluster holding
 * the merged content, mapped in by one {@link MetadataTransaction} per chunk.
 */
final class GuestWriter {
    /** Bounds the memory a transaction holds for fresh clusters. */
    static final int CHUNK = 32 << 20;

    private GuestWriter() {
    }

    static void write(Qcow2Image image, long offset, byte[] src, int srcOffset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = Math.min(CHUNK, length - done);
            writeChunk(image, offset + done, src, srcOffset + done, n);
            done += n;
        }
    }

    private static void writeChunk(Qcow2Image image, long offset, byte[] src, int srcOffset, int length)
            throws IOException {
        MetadataTransaction tx = image.begin();
        int clusterBits = image.header().clusterBits();
        int cs = 1 << clusterBits;
        int l2Bits = clusterBits - 3;
        boolean remapped = false;
        int done = 0;
        while (done < length) {
            long guest = offset + done;
            int inCluster = (int) (guest & (cs - 1));
            int n = Math.min(length - done, cs - inCluster);
            int l1Index = (int) (guest >>> (clusterBits + l2Bits));
            int l2Index = (int) ((guest >>> clusterBits) & ((1 << l2Bits) - 1));
            long entry = currentEntry(tx, l1Index, l2Index);
            if (Entries.copied(entry) && Entries.hasHostCluster(entry) && !Entries.zero(entry)) {
                image.file().write(Entries.offset(entry) + inCluster, ByteBuffer.wrap(src, srcOffset + done, n));
            } else {
                byte[] cluster = n == cs ? Arrays.copyOfRange(src, srcOffset + done, srcOffset + done + n)
                        : merged(image, tx, guest - inCluster, entry, src, srcOffset + done, inCluster, n);
                long host = tx.allocate(1);
                tx.writeFresh(host, cluster);
                long[] l2 = tx.writableActiveL2(l1Index);
                tx.refL2Entry(l2[l2Index], -1);
                l2[l2Index] = host;
                remapped = true;
            }
            done += n;
        }
        if (remapped) {
            tx.commit();
        }
    }

    private static long currentEntry(MetadataTransaction tx, int l1Index, int l2Index) throws IOException {
        if (l1Index >= tx.l1().length) {
            return 0;
        }
        long l2Offset = Entries.offset(tx.l1()[l1Index]);
        return l2Offset == 0 ? 0 : tx.l2(l2Offset)[l2Index];
    }

    /** The cluster's current guest content with {@code n} bytes at {@code inCluster} replaced. */
    private static byte[] merged(Qcow2Image image, MetadataTransaction tx, long clusterStart, long entry, byte[] src,
                                 int srcOffset, int inCluster, int n) throws IOException {
        int cs = image.clusterSize();
        byte[] cluster = new byte[cs];
        if (Entries.compressed(entry)) {
            cluster = Compression.decompress(image, entry);
        } else if (Entries.zero(entry)) {
            Arrays.fill(cluster, (byte) 0);
        } else if (Entries.offset(entry) != 0) {
            image.file().read(Entries.offset(entry), ByteBuffer.wrap(cluster));
        } else {
            long[] single = {0};
            image.readLayer(single, clusterStart, cluster, 0, cs, true);
        }
        System.arraycopy(src, srcOffset, cluster, inCluster, n);
        return cluster;
    }
}
