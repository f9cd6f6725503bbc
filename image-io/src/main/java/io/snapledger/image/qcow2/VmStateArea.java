package io.snapledger.image.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The VM state of an internal snapshot lives like guest data in the snapshot's own L1 table, in
 * the L1 entries past the end of the disk. Only the snapshot references it; the active image
 * never maps that area, so taking a snapshot with memory leaves the live disk as it was.
 */
final class VmStateArea {
    private VmStateArea() {
    }

    static long[] write(MetadataTransaction tx, long[] snapshotL1, byte[] state) throws IOException {
        Qcow2Header h = tx.image().header();
        int perL2 = h.l2Entries();
        long firstL1 = Qcow2Header.l1EntriesFor(tx.size(), h.clusterBits());
        long clusters = tx.clustersFor(state.length);
        long[] table = Arrays.copyOf(snapshotL1, (int) (firstL1 + (clusters + perL2 - 1) / perL2));
        for (long c = 0; c < clusters; c += perL2) {
            long[] l2 = new long[perL2];
            int inTable = (int) Math.min(perL2, clusters - c);
            for (int j = 0; j < inTable; ) {
                MetadataTransaction.HostRun run = tx.allocateRun(inTable - j);
                writeRun(tx, run, state, (c + j) << h.clusterBits());
                for (int k = 0; k < run.clusters(); k++) {
                    l2[j + k] = run.offset() + ((long) k << h.clusterBits());
                }
                j += run.clusters();
            }
            table[(int) (firstL1 + c / perL2)] = tx.newL2Table(l2);
        }
        return table;
    }

    /** Whole clusters straight from {@code state}; a last partial cluster is padded with zeros. */
    private static void writeRun(MetadataTransaction tx, MetadataTransaction.HostRun run, byte[] state, long from)
            throws IOException {
        int clusterSize = tx.image().clusterSize();
        long bytes = Math.min((long) run.clusters() * clusterSize, state.length - from);
        int whole = (int) (bytes / clusterSize * clusterSize);
        if (whole > 0) {
            tx.writeData(run.offset(), ByteBuffer.wrap(state, (int) from, whole));
        }
        if (whole < bytes) {
            byte[] last = Arrays.copyOfRange(state, (int) from + whole, (int) from + whole + clusterSize);
            tx.writeData(run.offset() + whole, ByteBuffer.wrap(last));
        }
    }
}
