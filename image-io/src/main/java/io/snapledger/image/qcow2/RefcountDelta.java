package io.snapledger.image.qcow2;

import java.util.Arrays;

/** Signed refcount changes per host cluster index, dense because changes cluster together. */
final class RefcountDelta {
    private static final int[] ZEROS = new int[4096];
    private int[] delta;
    /** One past the highest cluster ever changed: scans stop there. */
    private long end;

    /** Room for clusters below {@code expected} from the start (within reason); more is added when needed. */
    RefcountDelta(long expected) {
        delta = new int[(int) Math.min(Math.max(expected, 1024), 1 << 22)];
    }

    void add(long cluster, int change) {
        if (cluster >= delta.length) {
            long size = Math.max(cluster + 1, (long) delta.length * 2);
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("image too large for one transaction");
            }
            delta = Arrays.copyOf(delta, (int) size);
        }
        delta[(int) cluster] += change;
        end = Math.max(end, cluster + 1);
    }

    int get(long cluster) {
        return cluster < delta.length ? delta[(int) cluster] : 0;
    }

    /**
     * The first cluster from {@code from} on whose delta is not 0, or -1. Skips unchanged runs a
     * vector compare at a time: an apply's references cancel out over the whole disk.
     */
    long nextChanged(long from) {
        if (from >= 0 && from < end && delta[(int) from] != 0) {
            return from;
        }
        for (long at = Math.max(0, from); at < end; at += ZEROS.length) {
            int n = (int) Math.min(ZEROS.length, end - at);
            int i = Arrays.mismatch(delta, (int) at, (int) at + n, ZEROS, 0, n);
            if (i >= 0) {
                return at + i;
            }
        }
        return -1;
    }
}
