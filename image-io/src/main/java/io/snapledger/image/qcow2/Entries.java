package io.snapledger.image.qcow2;

/**
 * Bit layout of L1 and L2 table entries (64-bit, big-endian on disk).
 *
 * <pre>
 * L1 entry:          bit 63 COPIED | bits 9..55 offset of the L2 table | rest reserved (0)
 * L2 entry (normal): bit 63 COPIED | bit 62 = 0 | bits 9..55 host cluster offset | bit 0 reads-as-zero (v3)
 * L2 entry (compr.): bit 62 = 1 | bits 0..x-1 host byte offset | bits x..61 extra 512-byte sectors,
 *                    x = 62 - (cluster_bits - 8); COPIED is never set
 * </pre>
 * COPIED means "refcount is exactly 1", i.e. the active image may write the cluster in place.
 */
public final class Entries {
    public static final long COPIED = 1L << 63;
    public static final long COMPRESSED = 1L << 62;
    public static final long ZERO = 1L;
    public static final long OFFSET_MASK = 0x00fffffffffffe00L;
    static final long L1_RESERVED = 0x7f000000000001ffL;
    static final long L2_RESERVED = 0x3f000000000001feL;

    private Entries() {
    }

    public static long offset(long entry) {
        return entry & OFFSET_MASK;
    }

    public static boolean copied(long entry) {
        return (entry & COPIED) != 0;
    }

    public static boolean compressed(long l2Entry) {
        return (l2Entry & COMPRESSED) != 0;
    }

    /** Reads as zeros: the zero flag, with or without a preallocated host cluster. */
    public static boolean zero(long l2Entry) {
        return !compressed(l2Entry) && (l2Entry & ZERO) != 0;
    }

    /** The entry points at a host cluster that it owns a reference on (normal or preallocated zero). */
    public static boolean hasHostCluster(long l2Entry) {
        return !compressed(l2Entry) && offset(l2Entry) != 0;
    }

    /** Nothing here: reads fall through to the backing file. */
    public static boolean unallocated(long l2Entry) {
        return (l2Entry & ~COPIED) == 0;
    }

    /** Allocated in this layer (data, zeros or compressed): the backing file is not consulted. */
    public static boolean allocated(long l2Entry) {
        return !unallocated(l2Entry);
    }

    static int compressedShift(int clusterBits) {
        return 62 - (clusterBits - 8);
    }

    /** First host byte of compressed data. */
    public static long compressedOffset(long l2Entry, int clusterBits) {
        return l2Entry & ((1L << compressedShift(clusterBits)) - 1);
    }

    /** Number of 512-byte sectors holding compressed data, counted from the sector of its first byte. */
    public static long compressedSectors(long l2Entry, int clusterBits) {
        long mask = (1L << (clusterBits - 8)) - 1;
        return ((l2Entry >>> compressedShift(clusterBits)) & mask) + 1;
    }

    public static long withCopied(long entry, boolean copied) {
        return copied ? entry | COPIED : entry & ~COPIED;
    }
}
