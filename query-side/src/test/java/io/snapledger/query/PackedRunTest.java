package io.snapledger.query;

import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bulk load's run hands each family's entries back in unsigned key order, whatever order they came in. */
class PackedRunTest {

    @Test
    void givenEntriesInAnyOrder_whenReadSorted_thenEachFamilyComesInUnsignedKeyOrderWithItsValues()
            throws RocksDBException {
        Random random = new Random(7);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            byte[] key = new byte[1 + random.nextInt(12)];
            random.nextBytes(key); // negative bytes too: the order is unsigned
            key[0] = (byte) i; // distinct
            key = Arrays.copyOf(key, key.length + 2);
            key[key.length - 2] = (byte) (i >>> 8);
            key[key.length - 1] = (byte) i;
            keys.add(key);
        }
        PackedRun run = new PackedRun(16, 1 << 16); // grows many times, past what was expected too
        for (byte[] key : keys) {
            run.add(Family.HISTORY, key, value(key));
        }
        run.add(Family.NODES, new byte[] {2}, new byte[] {20});
        run.add(Family.NODES, new byte[] {1}, new byte[] {10});

        List<byte[]> expected = new ArrayList<>(keys);
        expected.sort(Arrays::compareUnsigned);
        assertEquals(expected.stream().map(Arrays::toString).toList(), read(run, Family.HISTORY, true));
        assertEquals(List.of("[1]", "[2]"), read(run, Family.NODES, false));
        assertEquals(5_000, run.count(Family.HISTORY));
    }

    @Test
    void givenEntriesAlreadySortedOrReversed_whenReadSorted_thenInKeyOrder() throws RocksDBException {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            keys.add(ByteBuffer.allocate(4).putInt(i).array());
        }
        PackedRun ascending = new PackedRun(1 << 10, 1 << 12);
        keys.forEach(key -> ascending.add(Family.HISTORY_BY_TIME, key, new byte[0]));
        List<String> sorted = keys.stream().map(Arrays::toString).toList();
        assertEquals(sorted, read(ascending, Family.HISTORY_BY_TIME, false));

        Collections.reverse(keys);
        PackedRun descending = new PackedRun(1 << 10, 1 << 12);
        keys.forEach(key -> descending.add(Family.HISTORY_BY_TIME, key, new byte[0]));
        assertEquals(sorted, read(descending, Family.HISTORY_BY_TIME, false));
    }

    @Test
    void givenTheSameKeyTwice_whenReadSorted_thenRefused() {
        PackedRun run = new PackedRun(64, 64);
        run.add(Family.HISTORY, new byte[] {1, 2}, new byte[] {1});
        run.add(Family.HISTORY, new byte[] {1, 2}, new byte[] {2});

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> run.forEachSorted(Family.HISTORY, (key, value) -> { }));
        assertTrue(refused.getMessage().contains("twice"), refused.getMessage());
    }

    @Test
    void givenARunCleared_whenFilledAgain_thenOnlyTheNewEntriesAreRead() throws RocksDBException {
        PackedRun run = new PackedRun(64, 64);
        run.add(Family.HISTORY, new byte[] {9}, new byte[] {9});
        run.clear();
        run.add(Family.HISTORY, new byte[] {3}, new byte[] {3});

        assertEquals(List.of("[3]"), read(run, Family.HISTORY, false));
    }

    private static byte[] value(byte[] key) {
        byte[] value = new byte[key.length * 100]; // values longer than the first buffer, so it grows
        Arrays.fill(value, key[0]);
        return value;
    }

    /** The keys in the order read, checking each value when {@code checkValues}. */
    private static List<String> read(PackedRun run, Family family, boolean checkValues) throws RocksDBException {
        List<String> read = new ArrayList<>();
        run.forEachSorted(family, (key, value) -> {
            assertTrue(key.isDirect() && value.isDirect(), "RocksDB takes direct buffers");
            byte[] keyBytes = new byte[key.remaining()];
            key.get(keyBytes);
            byte[] valueBytes = new byte[value.remaining()];
            value.get(valueBytes);
            if (checkValues) {
                assertEquals(Arrays.toString(value(keyBytes)), Arrays.toString(valueBytes));
            }
            read.add(Arrays.toString(keyBytes));
        });
        return read;
    }
}
