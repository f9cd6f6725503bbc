package io.snapledger.image.qcow2;

/**
 * Reads and writes one entry of a refcount block of width 2^order bits (1..64). Entries narrower
 * than a byte are packed from the least significant bit; wider ones are big-endian.
 */
final class RefcountCodec {
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
            default -> {
                int bytes = 1 << (order - 3);
                int at = index * bytes;
                long value = 0;
                for (int i = 0; i < bytes; i++) {
                    value = (value << 8) | (block[at + i] & 0xffL);
                }
                return value;
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
            default -> {
                int bytes = 1 << (order - 3);
                int at = index * bytes;
                for (int i = bytes - 1; i >= 0; i--) {
                    block[at + i] = (byte) value;
                    value >>>= 8;
                }
            }
        }
    }
}
