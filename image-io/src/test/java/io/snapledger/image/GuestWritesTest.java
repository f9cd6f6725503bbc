package io.snapledger.image;

import io.snapledger.image.io.BlockFile;
import io.snapledger.image.io.ForwardingBlockFile;
import io.snapledger.image.io.FileBlockFile;
import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guest writes of every shape (partial and whole clusters, runs across L2 tables, over data
 * shared with a snapshot, over compressed and zero clusters, through to a backing file), alone
 * and in batches, against a plain byte array as the model and qemu-img as the oracle.
 */
class GuestWritesTest {
    private static final int SIZE = 8 << 20;

    @TempDir
    Path dir;

    /** An overlay over a raw base, with data of its own, zeros, a compressed cluster, and a snapshot sharing all of it. */
    private Path overlay(int clusterSize) {
        Path base = dir.resolve("base.raw");
        Qemu.img("create", "-q", "-f", "raw", base, SIZE).ok();
        Qemu.io(base, "raw", "write -P 0x11 0 " + SIZE);
        Path img = dir.resolve("top.qcow2");
        Qemu.create(img, String.valueOf(SIZE), "-b", "base.raw", "-F", "raw", "-o", "cluster_size=" + clusterSize);
        Qemu.io(img, "qcow2", "write -P 0x22 1M 2M", "write -z 4M 256k",
                "write -c -P 0x33 " + 6 * clusterSize + " " + clusterSize);
        Qemu.img("snapshot", "-c", "kept", img).ok();
        return img;
    }

    @ParameterizedTest(name = "{0} byte clusters")
    @ValueSource(ints = {512, 4096, 65536})
    void randomWritesAloneAndInBatchesReadBackAsTheModelSays(int clusterSize) throws Exception {
        Path img = overlay(clusterSize);
        byte[] model = Files.readAllBytes(Qemu.exportRaw(img, dir.resolve("before.raw")));
        Path snapshotBefore = Qemu.exportSnapshot(img, "kept", dir.resolve("kept-before.raw"));
        Random random = new Random(clusterSize);
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            for (int round = 0; round < 12; round++) {
                try (WriteBatch batch = image.beginWrites()) {
                    for (int w = 0, writes = 1 + random.nextInt(6); w < writes; w++) {
                        write(batch::write, model, random, clusterSize);
                    }
                    batch.commit();
                }
                write(image::write, model, random, clusterSize);
                assertArrayEquals(model, image.read(0, SIZE), "our reads differ from the model after round " + round);
            }
        }
        Qemu.assertClean(img);
        assertArrayEquals(model, Files.readAllBytes(Qemu.exportRaw(img, dir.resolve("after.raw"))),
                "qemu-img reads differ from the model");
        assertTrue(Qemu.sameContent(snapshotBefore, Qemu.exportSnapshot(img, "kept", dir.resolve("kept.raw"))),
                "a write reached the snapshot");
    }

    /** Where a test write goes: a batch or the image itself. */
    private interface Writes {
        void write(long offset, byte[] src, int srcOffset, int length) throws IOException;
    }

    /** Up to three L2 tables' worth at any offset, capped to keep the test quick; half of them whole clusters. */
    private static void write(Writes target, byte[] model, Random random, int clusterSize) throws IOException {
        int span = Math.min(3 * clusterSize / 8 * clusterSize, 1 << 20);
        int length = 1 + random.nextInt(span);
        int offset = random.nextInt(SIZE - length + 1);
        if (random.nextBoolean()) {
            offset -= offset % clusterSize;
            length = Math.min(length - length % clusterSize + clusterSize, SIZE - offset);
        }
        byte[] data = new byte[length];
        random.nextBytes(data);
        System.arraycopy(data, 0, model, offset, length);
        target.write(offset, data, 0, length);
    }

    @Test
    void aBatchIsOneMetadataSwitchAndNothingShowsBeforeIt() throws Exception {
        Path img = overlay(4096);
        Path before = Qemu.exportRaw(img, dir.resolve("before.raw"));
        CountingFile file = new CountingFile(FileBlockFile.open(img, true));
        try (Qcow2Image image = Qcow2Image.open(img, file); WriteBatch batch = image.beginWrites()) {
            for (int i = 0; i < 40; i++) {
                batch.write(i * 200_000L + 123, filled(5000, i), 0, 5000);
            }
            assertEquals(0, file.flushes, "flushed before the commit");
            assertEquals(0, file.headerWrites, "switched before the commit");
            assertTrue(Qemu.sameContent(before, img), "the writes show before the commit");
            Qemu.assertClean(img);

            batch.commit();
            assertEquals(2, file.flushes, "one switch: a flush before the header write and one after");
            assertEquals(1, file.headerWrites);
            assertArrayEquals(filled(5000, 39), image.read(39 * 200_000L + 123, 5000));
        }
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0x27 " + (39 * 200_000L + 123) + " 5000");
    }

    @Test
    void aBatchClosedWithoutCommitLeavesTheImageAsItWas() throws Exception {
        Path img = overlay(65536);
        Path before = Qemu.exportRaw(img, dir.resolve("before.raw"));
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            try (WriteBatch batch = image.beginWrites()) {
                batch.write(5L << 20, filled(1 << 20, 0x44), 0, 1 << 20);
            }
            assertArrayEquals(Arrays.copyOfRange(Files.readAllBytes(before), 5 << 20, 6 << 20),
                    image.read(5L << 20, 1 << 20));
            image.write(7L << 20, filled(4096, 0x45));
        }
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0x11 5M 1M", "read -P 0x45 7M 4k");
    }

    @Test
    void noOtherChangeStartsWhileABatchHoldsItsTransaction() throws Exception {
        Path img = overlay(65536);
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            try (WriteBatch batch = image.beginWrites()) {
                batch.write(5L << 20, filled(65536, 0x46), 0, 65536);
                ImageOperationException e = assertThrows(ImageOperationException.class, () -> image.createSnapshot(
                        NewSnapshot.of("2", "during", UUID.randomUUID(), null, Instant.now())));
                assertTrue(e.getMessage().contains("batch of writes in progress"), e.getMessage());
                assertThrows(ImageOperationException.class, () -> image.write(0, new byte[512]));
                batch.commit();
            }
            image.createSnapshot(NewSnapshot.of("2", "after", UUID.randomUUID(), null, Instant.now()));
        }
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0x46 5M 64k");
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Counts flushes and writes of the header region. */
    private static final class CountingFile extends ForwardingBlockFile {
        int flushes;
        int headerWrites;

        CountingFile(BlockFile delegate) {
            super(delegate);
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            if (position == 0) {
                headerWrites++;
            }
            delegate.write(position, src);
        }

        @Override
        public void flush() throws IOException {
            flushes++;
            delegate.flush();
        }
    }
}
