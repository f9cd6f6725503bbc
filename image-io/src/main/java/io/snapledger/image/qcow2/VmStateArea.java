package io.snapledger.image.qcow2;

import java.util.Arrays;

/**
 * The VM state of an internal snapshot lives like guest data in the snapshot's own L1 table, in
 * the L1 entries past the end of the disk. Only the snapshot references it; the active image
 * never maps that area, so taking a snapshot with memory leaves the live disk as it was.
 */
final class VmStateArea {
    private VmStateArea() {
    }

    static long[] write(MetadataTransaction tx, long[] snapshotL1, byte[] state) {
        Qcow2Header h = tx.image().header();
        int clusterSize = h.clusterSize();
        int perL2 = h.l2Entries();
        long firstL1 = Qcow2Header.l1EntriesFor(tx.size(), h.clusterBits());
        long clusters = tx.clustersFor(state.length);
        long[] table = Arrays.copyOf(snapshotL1, (int) (firstL1 + (clusters + perL2 - 1) / perL2));
        for (long c = 0; c < clusters; c += perL2) {
            long[] l2 = new long[perL2];
            for (int j = 0; j < perL2 && c + j < clusters; j++) {
                int from = (int) ((c + j) * clusterSize);
                byte[] data = Arrays.copyOfRange(state, from, from + clusterSize);
                long host = tx.allocate(1);
                tx.writeFresh(host, data);
                l2[j] = host;
            }
            table[(int) (firstL1 + c / perL2)] = tx.newL2Table(l2);
        }
        return table;
    }
}
