package io.snapledger.query;

import org.rocksdb.RocksDBException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a {@link BulkLoad}: its entries packed one after another into a single array
 * ({@code key length, key, value length, value}), each family's entries listed by where they
 * start. Held as hundreds of thousands of small arrays, a run outlived several young
 * collections and the garbage collector copied it each time; one large array is never copied,
 * and it is kept and filled again by the next run but one.
 */
final class PackedRun {
    private static final int LENGTH_BYTES = Integer.BYTES;
    /** The largest array a JVM allocates. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private final int expectedBytes;
    private byte[] bytes;
    private int used;
    private final Map<Family, Offsets> families = new EnumMap<>(Family.class);

    /** @param expectedBytes what a full run takes: the array grows in few steps up to it (each step leaves a large array behind) */
    PackedRun(int initialBytes, int expectedBytes) {
        this.bytes = new byte[initialBytes];
        this.expectedBytes = expectedBytes;
    }

    void add(Family family, byte[] key, byte[] value) {
        int start = used;
        int needed = 2 * LENGTH_BYTES + key.length + value.length;
        if (bytes.length - used < needed) {
            grow((long) used + needed);
        }
        used = put(value, put(key, used));
        families.computeIfAbsent(family, f -> new Offsets()).add(start, needed);
    }

    /** Four times larger up to what a full run takes, then twice: few large arrays left behind, each add O(1) on average. */
    private void grow(long atLeast) {
        long larger = bytes.length < expectedBytes ? Math.min(4L * bytes.length, expectedBytes) : 2L * bytes.length;
        long capacity = Math.max(larger, atLeast);
        if (capacity > MAX_BYTES) {
            if (atLeast > MAX_BYTES) {
                throw new IllegalStateException("a bulk load run cannot hold more than " + MAX_BYTES + " bytes");
            }
            capacity = MAX_BYTES;
        }
        bytes = Arrays.copyOf(bytes, (int) capacity);
    }

    /** The bytes the entries take, lengths included. */
    long size() {
        return used;
    }

    boolean isEmpty() {
        return used == 0;
    }

    /** Empties the run for the next one; the array stays. */
    void clear() {
        used = 0;
        families.clear();
    }

    /** The families of the entries, those whose entries take the most bytes first. */
    List<Family> familiesLargestFirst() {
        List<Family> largestFirst = new ArrayList<>(families.keySet());
        largestFirst.sort(Comparator.comparingLong((Family family) -> families.get(family).bytes).reversed());
        return largestFirst;
    }

    int count(Family family) {
        return families.get(family).size;
    }

    /**
     * The family's entries in key order, each as a direct buffer over a copy of its key and of
     * its value (the same two buffers each time: read them before the next call).
     *
     * @throws IllegalStateException if two entries have the same key
     */
    void forEachSorted(Family family, EntrySink sink) throws RocksDBException {
        int[] order = families.get(family).sorted();
        ByteBuffer key = ByteBuffer.allocateDirect(64);
        ByteBuffer value = ByteBuffer.allocateDirect(1024);
        for (int i = 0; i < order.length; i++) {
            if (i > 0 && compareKeys(order[i - 1], order[i]) == 0) {
                throw new IllegalStateException("a key of " + family.familyName() + " was loaded twice");
            }
            int keyLength = lengthAt(order[i]);
            int valueStart = order[i] + LENGTH_BYTES + keyLength;
            key = copy(order[i] + LENGTH_BYTES, keyLength, key);
            value = copy(valueStart + LENGTH_BYTES, lengthAt(valueStart), value);
            sink.accept(key, value);
        }
    }

    @FunctionalInterface
    interface EntrySink {
        void accept(ByteBuffer key, ByteBuffer value) throws RocksDBException;
    }

    private ByteBuffer copy(int from, int length, ByteBuffer into) {
        ByteBuffer target = into.capacity() >= length ? into.clear()
                : ByteBuffer.allocateDirect(Math.max(length, 2 * into.capacity()));
        return target.put(bytes, from, length).flip();
    }

    private int put(byte[] part, int at) {
        int length = part.length;
        bytes[at] = (byte) (length >>> 24);
        bytes[at + 1] = (byte) (length >>> 16);
        bytes[at + 2] = (byte) (length >>> 8);
        bytes[at + 3] = (byte) length;
        System.arraycopy(part, 0, bytes, at + LENGTH_BYTES, length);
        return at + LENGTH_BYTES + length;
    }

    private int lengthAt(int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
                | (bytes[at + 3] & 0xff);
    }

    /** Unsigned byte order of the keys of the entries starting at {@code a} and {@code b}. */
    private int compareKeys(int a, int b) {
        int aFrom = a + LENGTH_BYTES;
        int bFrom = b + LENGTH_BYTES;
        return Arrays.compareUnsigned(bytes, aFrom, aFrom + lengthAt(a), bytes, bFrom, bFrom + lengthAt(b));
    }

    /** Where a family's entries start, in the order they were added, then sorted by key. */
    private final class Offsets {
        private int[] starts = new int[1024];
        private int size;
        private long bytes;

        void add(int start, int entryBytes) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
            }
            starts[size++] = start;
            bytes += entryBytes;
        }

        int[] sorted() {
            int[] order = Arrays.copyOf(starts, size);
            mergeSort(order, order.clone(), 0, size);
            return order;
        }

        /**
         * Sorts {@code order[from, to)} by key, {@code spare} holding the same values on entry. A
         * merge sort that skips the merge of halves already in order, so entries that came
         * nearly sorted (the history by time) cost little more than one pass.
         */
        private void mergeSort(int[] order, int[] spare, int from, int to) {
            if (to - from < 2) {
                return;
            }
            int middle = (from + to) >>> 1;
            mergeSort(spare, order, from, middle);
            mergeSort(spare, order, middle, to);
            if (compareKeys(spare[middle - 1], spare[middle]) <= 0) {
                System.arraycopy(spare, from, order, from, to - from);
                return;
            }
            for (int i = from, left = from, right = middle; i < to; i++) {
                boolean takeLeft = right >= to || (left < middle && compareKeys(spare[left], spare[right]) <= 0);
                order[i] = takeLeft ? spare[left++] : spare[right++];
            }
        }
    }
}
