package io.snapledger.image.qcow2;

import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refcount entries of every width, as the qcow2 specification lays them out and QEMU writes them. */
class RefcountCodecTest {
    @TempDir
    Path dir;

    @Test
    void entriesNarrowerThanAByteCountFromTheLowBit() {
        byte[] block = new byte[4];
        RefcountCodec.set(block, 0, 0, 1);
        RefcountCodec.set(block, 7, 0, 1);
        assertEquals((byte) 0x81, block[0]);

        block = new byte[4];
        RefcountCodec.set(block, 1, 1, 3);
        RefcountCodec.set(block, 4, 1, 2);
        assertArrayEquals(new byte[] {0x0c, 0x02, 0, 0}, block);

        block = new byte[4];
        RefcountCodec.set(block, 1, 2, 0xf);
        RefcountCodec.set(block, 2, 2, 0x5);
        assertArrayEquals(new byte[] {(byte) 0xf0, 0x05, 0, 0}, block);
    }

    @Test
    void entriesOfAByteOrWiderAreBigEndian() {
        byte[] block = new byte[32];
        RefcountCodec.set(block, 1, 3, 0xab);
        RefcountCodec.set(block, 1, 4, 0x1234);
        RefcountCodec.set(block, 1, 5, 0x01020304L);
        assertEquals((byte) 0xab, block[1]);
        assertArrayEquals(new byte[] {0x12, 0x34}, Arrays.copyOfRange(block, 2, 4));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Arrays.copyOfRange(block, 4, 8));

        byte[] wide = new byte[16];
        RefcountCodec.set(wide, 1, 6, -2L);
        assertEquals(-2L, RefcountCodec.get(wide, 1, 6));
        assertArrayEquals(new byte[] {-1, -1, -1, -1, -1, -1, -1, -2}, Arrays.copyOfRange(wide, 8, 16));
    }

    @ParameterizedTest(name = "refcount_order {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void settingOneEntryLeavesItsNeighboursAlone(int order) {
        Random random = new Random(order);
        byte[] block = new byte[64];
        random.nextBytes(block);
        int entries = block.length * 8 >> order;
        long max = RefcountCodec.max(order);
        for (int i = 0; i < entries; i++) {
            byte[] before = block.clone();
            long old = RefcountCodec.get(block, i, order);
            for (long value : new long[] {0, 1, max}) {
                RefcountCodec.set(block, i, order, value);
                assertEquals(value, RefcountCodec.get(block, i, order), "entry " + i);
                for (int j = 0; j < entries; j++) {
                    if (j != i) {
                        assertEquals(RefcountCodec.get(before, j, order), RefcountCodec.get(block, j, order),
                                "entry " + j + " changed when entry " + i + " was set");
                    }
                }
            }
            RefcountCodec.set(block, i, order, old);
            assertArrayEquals(before, block);
        }
    }

    @ParameterizedTest(name = "refcount_bits={0}")
    @ValueSource(ints = {1, 2, 4, 8, 16, 32, 64})
    void qemuWrittenRefcountsOfEveryWidthReadAsTheUsesOurCheckerCounts(int bits) throws Exception {
        Path img = dir.resolve("refcounts.qcow2");
        Qemu.create(img, "4M", "-o", "refcount_bits=" + bits + ",cluster_size=4096");
        Qemu.io(img, "qcow2", "write -P 0x11 0 300k");
        if (bits > 1) {
            Qemu.img("snapshot", "-c", "shared", img).ok();
            Qemu.io(img, "qcow2", "write -P 0x22 100k 50k");
        }
        Qemu.assertClean(img);

        try (Qcow2Image image = Qcow2Image.open(img, false)) {
            CheckReport report = image.check();
            assertTrue(report.clean(), report.firstProblem());
            if (bits > 1) {
                long dataCluster = Entries.offset(image.l2EntryFor(image.l1, 0));
                assertEquals(2, image.storedRefcount(dataCluster >>> 12), "a cluster shared with the snapshot");
            }
        }
    }
}
