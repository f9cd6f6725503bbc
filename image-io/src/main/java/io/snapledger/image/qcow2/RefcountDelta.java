package io.snapledger.image.qcow2;

import java.util.Arrays;

/** Signed refcount changes per host cluster index, dense because changes cluster together. */
final class RefcountDelta {
    private int[] delta = new int[1024];
    private long min = Long.MAX_VALUE;
    private long max = -1;

    void add(long cluster, int change) {
        if (cluster >= delta.length) {
            long size = Math.max(cluster + 1, (long) delta.length * 2);
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("image too large for one transaction");
            }
            delta = Arrays.copyOf(delta, (int) size);
        }
        delta[(int) cluster] += change;
        min = Math.min(min, cluster);
        max = Math.max(max, cluster);
    }

    int get(long cluster) {
        return cluster < delta.length ? delta[(int) cluster] : 0;
    }

    long min() {
        return min;
    }

    /** Highest index ever changed (its delta may have come back to 0), or -1. */
    long max() {
        return max;
    }
}
