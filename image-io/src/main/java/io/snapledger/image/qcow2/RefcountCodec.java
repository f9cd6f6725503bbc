package io.snapledger.image.qcow2;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads and writes one entry of a refcount block of width 2^order bits (1..64). Entries narrower
 * than a byte are packed from the least significant bit; wider ones are big-endian.
 *
 * <p>Snapshot operations and checks read a refcount per cluster, so the wide widths use the
 * JDK's big-endian array views (one load each) rather than a byte loop.
 */
final class RefcountCodec {
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private RefcountCodec() {
    }

    static long max(int order) {
        return order == 6 ? -1L : (1L << (1 << order)) - 1;
    }

    static long get(byte[] block, int index, int order) {
        switch (order) {
            case 0, 1, 2 -> {
                int width = 1 << order;
                int perByte = 8 / width;
                int shift = (index % perByte) * width;
                return ((block[index / perByte] & 0xff) >>> shift) & ((1 << width) - 1);
            }
            case 3 -> {
                return block[index] & 0xffL;
            }
            case 4 -> {
                return (short) U16.get(block, index << 1) & 0xffffL;
            }
            case 5 -> {
                return (int) U32.get(block, index << 2) & 0xffffffffL;
            }
            default -> {
                return (long) U64.get(block, index << 3);
            }
        }
    }

    static void set(byte[] block, int index, int order, long value) {
        switch (order) {
            case 0, 1, 2 -> {
                int width = 1 << order;
                int perByte = 8 / width;
                int shift = (index % perByte) * width;
                int mask = ((1 << width) - 1) << shift;
                int at = index / perByte;
                block[at] = (byte) ((block[at] & ~mask) | (((int) value << shift) & mask));
            }
            case 3 -> block[index] = (byte) value;
            case 4 -> U16.set(block, index << 1, (short) value);
            case 5 -> U32.set(block, index << 2, (int) value);
            default -> U64.set(block, index << 3, value);
        }
    }
}
