package io.snapledger.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import io.snapledger.image.testing.ImageFiles;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corners of the format listed in QCOW2.md, each checked against qemu-img. */
class Qcow2EdgeCaseTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ snapshot names and ids

    @Test
    void duplicateNamesMadeByQemuAreBothListedAndTheNameFindsTheFirst() throws Exception {
        Path img = dir.resolve("dup.qcow2");
        Qemu.create(img, "4M");
        Qemu.io(img, "qcow2", "write -P 0x11 0 64k");
        Qemu.img("snapshot", "-c", "dup", img).ok();
        Qemu.io(img, "qcow2", "write -P 0x22 0 64k");
        Qemu.img("snapshot", "-c", "dup", img).ok();
        Path first = exportSnapshotById(img, "1");

        try (Qcow2Image image = Qcow2Image.open(img, false)) {
            assertEquals(List.of("1:dup", "2:dup"), idsAndNames(image.snapshots()));
            SnapshotEntry found = image.snapshot("dup");
            assertEquals("1", found.id());
            byte[] content = new byte[(int) image.virtualSize()];
            image.readSnapshot(found, 0, content, 0, content.length);
            assertArrayEquals(Files.readAllBytes(first), content);
        }
    }

    @Test
    void aSnapshotWithANewIdJoinsAnImageWithDuplicateNames() throws Exception {
        Path img = dir.resolve("dup.qcow2");
        Qemu.create(img, "4M");
        Qemu.img("snapshot", "-c", "dup", img).ok();
        Qemu.img("snapshot", "-c", "dup", img).ok();

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(NewSnapshot.of("3", "third", UUID.randomUUID(), null, Instant.now()));
        }
        Qemu.assertClean(img);
        assertEquals(List.of("1:dup", "2:dup", "3:third"), qemuSnapshots(img));
    }

    @Test
    void snapshotEntriesWithSixteenBytesOfExtraDataAsQemuBefore5WroteThemCanBeChanged() throws Exception {
        Path img = dir.resolve("old-qemu.qcow2");
        Qemu.create(img, "1M", "-o", "cluster_size=512");
        Qemu.io(img, "qcow2", "write -P 0x11 0 4k");
        for (int i = 0; i < 4; i++) {
            Qemu.img("snapshot", "-c", "s" + i + "-" + "x".repeat(62), img).ok();
        }
        assertEquals(512, shrinkSnapshotExtraDataTo16Bytes(img), "the old-style table should fill one cluster");
        Qemu.img("check", "-q", "-r", "leaks", img).ok();
        Qemu.assertClean(img);
        Path before = Qemu.exportRaw(img, dir.resolve("before.raw"));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            assertEquals((1L << 20), image.snapshots().get(0).diskSize());
            image.deleteSnapshot(image.snapshots().get(0));
            image.write(0, filled(512, 0x22));
        }
        Qemu.assertClean(img);
        assertEquals(3, qemuSnapshots(img).size());
        assertTrue(Qemu.sameContent(before, Qemu.exportSnapshot(img, qemuSnapshotName(img, 2), dir.resolve("s.raw"))));
    }

    /**
     * Rewrites the snapshot table in place as QEMU 1.1 to 4.2 wrote it: 16 bytes of extra data
     * (VM state size and disk size, no icount). Returns the new table's length.
     */
    private static int shrinkSnapshotExtraDataTo16Bytes(Path img) throws IOException {
        long offset = ImageFiles.u64(img, 64);
        int count = (int) ImageFiles.u32(img, 60);
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(img));
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        int at = (int) offset;
        int oldLength = 0;
        for (int i = 0; i < count; i++) {
            int idLen = file.getShort(at + 12) & 0xffff;
            int nameLen = file.getShort(at + 14) & 0xffff;
            int extraLen = file.getInt(at + 36);
            byte[] entry = new byte[(40 + 16 + idLen + nameLen + 7) & ~7];
            file.get(at, entry, 0, 40 + 16);
            ByteBuffer.wrap(entry).putInt(36, 16);
            file.get(at + 40 + extraLen, entry, 40 + 16, idLen + nameLen);
            table.writeBytes(entry);
            int length = (40 + extraLen + idLen + nameLen + 7) & ~7;
            at += length;
            oldLength += length;
        }
        byte[] bytes = Arrays.copyOf(table.toByteArray(), oldLength);
        try (FileChannel ch = FileChannel.open(img,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
        return table.size();
    }

    private static String qemuSnapshotName(Path img, int index) {
        return Qemu.info(img).get("snapshots").get(index).get("name").asText();
    }

    @Test
    void anIdQemuAlreadyGaveIsRefusedAndNothingIsWritten() throws Exception {
        Path img = dir.resolve("ids.qcow2");
        Qemu.create(img, "4M");
        Qemu.img("snapshot", "-c", "qemu-made", img).ok();
        String before = ImageFiles.sha256(img);

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            ImageOperationException e = assertThrows(ImageOperationException.class, () -> image.createSnapshot(
                    NewSnapshot.of("1", "ours", UUID.randomUUID(), null, Instant.now())));
            assertTrue(e.getMessage().contains("snapshot id 1 is already used"), e.getMessage());
        }
        assertEquals(before, ImageFiles.sha256(img));
    }

    // ------------------------------------------------------------------ tables that span or grow

    @Test
    void aSnapshotTableSpanningManyClustersSurvivesDeletingEveryOtherSnapshot() throws Exception {
        Path img = dir.resolve("many.qcow2");
        Qemu.create(img, "1M", "-o", "cluster_size=512");
        int count = 100;
        for (int i = 0; i < count; i++) {
            if (i % 10 == 9) {
                Qemu.io(img, "qcow2", "write -P " + (i + 1) + " " + i * 512 + " 512");
                Qemu.img("snapshot", "-c", "snap" + i, img).ok();
                continue;
            }
            try (Qcow2Image image = Qcow2Image.open(img, true)) {
                image.write((long) i * 512, filled(512, i + 1));
                image.createSnapshot(NewSnapshot.of(Integer.toString(i + 1), "snap" + i, UUID.randomUUID(), null,
                        Instant.now()));
            }
        }
        Qemu.assertClean(img);
        assertEquals(count, ImageFiles.u32(img, 60));

        List<String> kept = new ArrayList<>();
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            for (int i = 0; i < count; i++) {
                if (i % 2 == 0) {
                    image.deleteSnapshot(image.snapshot("snap" + i));
                } else {
                    kept.add((i + 1) + ":snap" + i);
                }
            }
        }
        Qemu.assertClean(img);
        assertEquals(kept, qemuSnapshots(img));
        for (int i : new int[] {1, 49, 99}) {
            byte[] content = Files.readAllBytes(Qemu.exportSnapshot(img, "snap" + i, dir.resolve(i + ".raw")));
            for (int c = 0; c <= i + 1; c++) {
                int expected = c <= i ? c + 1 : 0;
                assertEquals(expected, content[c * 512] & 0xff, "snapshot snap" + i + ", cluster " + c);
            }
        }
    }

    @Test
    void theRefcountTableGrowsWhenGuestDataOutgrowsIt() throws Exception {
        Path img = dir.resolve("grow.qcow2");
        Qemu.create(img, "12M", "-o", "cluster_size=512");
        assertEquals(1, ImageFiles.u32(img, 56));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.write(1000, filled(9 << 20, 0x5a));
        }
        Qemu.assertClean(img);
        assertTrue(ImageFiles.u32(img, 56) > 1, "the refcount table did not grow");
        Qemu.io(img, "qcow2", "read -P 0 0 1000", "read -P 0x5a 1000 " + (9 << 20),
                "read -P 0 " + ((9 << 20) + 1000) + " " + ((3 << 20) - 1000));
    }

    @Test
    void aSnapshotThatWouldOverflowTwoBitRefcountsIsRefusedBeforeAnyWrite() throws Exception {
        Path img = dir.resolve("narrow.qcow2");
        Qemu.create(img, "4M", "-o", "refcount_bits=2");
        Qemu.io(img, "qcow2", "write -P 0x11 0 256k");
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(NewSnapshot.of("1", "first", UUID.randomUUID(), null, Instant.now()));
            image.createSnapshot(NewSnapshot.of("2", "second", UUID.randomUUID(), null, Instant.now()));
        }
        Qemu.assertClean(img);
        String before = ImageFiles.sha256(img);

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            ImageOperationException e = assertThrows(ImageOperationException.class, () -> image.createSnapshot(
                    NewSnapshot.of("3", "third", UUID.randomUUID(), null, Instant.now())));
            assertTrue(e.getMessage().contains("refcount_bits=2 holds at most 3"), e.getMessage());
        }
        assertEquals(before, ImageFiles.sha256(img));
    }

    @Test
    void aFileEndingInsideItsLastDataClusterReadsZerosThereAndStaysWritable() throws Exception {
        Path img = dir.resolve("short.qcow2");
        Qemu.create(img, "4M");
        Qemu.io(img, "qcow2", "write -P 0x11 1M 64k");
        ImageFiles.truncate(img, ImageFiles.size(img) - 1000);
        byte[] expected = qemuRead(img);
        assertEquals(0, expected[(1 << 20) + (64 << 10) - 1]);
        assertArrayEquals(expected, readAll(img));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(NewSnapshot.of("1", "short", UUID.randomUUID(), null, Instant.now()));
            image.write((1 << 20) + 100, filled(100, 0x22));
        }
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0x11 1M 100", "read -P 0x22 1048676 100", "read -P 0x11 1048776 64336",
                "read -P 0 1113112 1000");
        assertArrayEquals(expected, Files.readAllBytes(Qemu.exportSnapshot(img, "short", dir.resolve("s.raw"))));
    }

    // ------------------------------------------------------------------ resized images

    @Test
    void snapshotsWithASmallerL1ThanTheResizedImageApplyAndDeleteCleanly() throws Exception {
        Path img = dir.resolve("resized.qcow2");
        Qemu.create(img, "4M");
        Qemu.io(img, "qcow2", "write -P 0x11 0 1M");
        Qemu.img("snapshot", "-c", "qemu-made", img).ok();
        Qemu.io(img, "qcow2", "write -P 0x22 512k 1M");
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(NewSnapshot.of("2", "ours", UUID.randomUUID(), null, Instant.now()));
        }
        Path qemuMade = Qemu.exportSnapshot(img, "qemu-made", dir.resolve("qemu-made.raw"));
        Path ours = Qemu.exportSnapshot(img, "ours", dir.resolve("ours.raw"));
        Qemu.img("resize", img, "1536M").ok();
        Qemu.io(img, "qcow2", "write -P 0x33 1G 64k");
        assertTrue(ImageFiles.u32(img, 36) > 1, "the active L1 did not grow");

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.applySnapshot(image.snapshot("ours"));
        }
        Qemu.assertClean(img);
        assertEquals(4L << 20, Qemu.info(img).get("virtual-size").asLong());
        assertTrue(Qemu.sameContent(ours, img));

        Qemu.img("resize", img, "1536M").ok();
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.applySnapshot(image.snapshot("qemu-made"));
        }
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(qemuMade, img));

        Qemu.img("resize", img, "1536M").ok();
        Qemu.io(img, "qcow2", "write -P 0x44 1G 64k");
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.deleteSnapshot(image.snapshot("ours"));
        }
        Qemu.assertClean(img);
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.deleteSnapshot(image.snapshot("qemu-made"));
        }
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0x11 0 1M", "read -P 0x44 1G 64k");
    }

    // ------------------------------------------------------------------ cluster kinds

    @Test
    void compressedClustersSharedBySnapshotsStayCleanThroughCreateApplyDelete() throws Exception {
        Path raw = dir.resolve("source.raw");
        Qemu.img("create", "-q", "-f", "raw", raw, "4M").ok();
        Qemu.io(raw, "raw", "write -P 0x11 0 1M", "write -P 0x22 2M 300k");
        Path img = dir.resolve("compressed.qcow2");
        Qemu.img("convert", "-c", "-O", "qcow2", raw, img).ok();
        Qemu.io(img, "qcow2", "write -c -P 0x33 3M 128k");
        Qemu.img("snapshot", "-c", "qemu-made", img).ok();
        assertTrue(Qemu.assertClean(img).path("compressed-clusters").asLong() > 0, "nothing was compressed");
        Path before = Qemu.exportRaw(img, dir.resolve("before.raw"));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(NewSnapshot.of("2", "ours", UUID.randomUUID(), null, Instant.now()));
        }
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(before, Qemu.exportSnapshot(img, "ours", dir.resolve("ours.raw"))));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.write(100_000, filled(70_000, 0x44));
            image.write(3L * 1024 * 1024 + 5, filled(10, 0x55));
        }
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0x11 0 100000", "read -P 0x44 100000 70000", "read -P 0x11 170000 878576",
                "read -P 0x33 3M 5", "read -P 0x55 3145733 10", "read -P 0x33 3145743 131057");

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.applySnapshot(image.snapshot("qemu-made"));
        }
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(before, img));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.deleteSnapshot(image.snapshot("ours"));
            image.deleteSnapshot(image.snapshot("qemu-made"));
        }
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(before, img));
    }

    @Test
    void zeroClustersWithAndWithoutAHostClusterStayCleanThroughSnapshotsAndWrites() throws Exception {
        Path img = dir.resolve("zero.qcow2");
        Qemu.create(img, "4M");
        Qemu.io(img, "qcow2", "write -P 0x11 0 1M", "write -z 0 128k", "write -z -u 256k 128k", "write -z 2M 128k");
        Path before = Qemu.exportRaw(img, dir.resolve("before.raw"));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(NewSnapshot.of("1", "ours", UUID.randomUUID(), null, Instant.now()));
            image.write(100, filled(1000, 0x22));
            image.write(300_000, filled(1000, 0x33));
            image.write((2L << 20) + 7, filled(1000, 0x44));
        }
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0 0 100", "read -P 0x22 100 1000", "read -P 0 1100 129972",
                "read -P 0x11 128k 128k", "read -P 0 256k 37856", "read -P 0x33 300000 1000", "read -P 0 301000 92216",
                "read -P 0x11 384k 640k", "read -P 0 1M 1M", "read -P 0x44 2097159 1000");
        assertTrue(Qemu.sameContent(before, Qemu.exportSnapshot(img, "ours", dir.resolve("ours.raw"))));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.applySnapshot(image.snapshot("ours"));
        }
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(before, img));
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.deleteSnapshot(image.snapshot("ours"));
        }
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(before, img));
    }

    @Test
    void aPreallocatedImageStaysCleanThroughSnapshotsAndWrites() throws Exception {
        Path img = dir.resolve("prealloc.qcow2");
        Qemu.img("create", "-q", "-f", "qcow2", "-o", "preallocation=metadata", img, "2M").ok();
        Qemu.io(img, "qcow2", "write -P 0x11 64k 64k");
        Path before = Qemu.exportRaw(img, dir.resolve("before.raw"));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.write(10, filled(100, 0x22));
            image.createSnapshot(NewSnapshot.of("1", "ours", UUID.randomUUID(), null, Instant.now()));
            image.write(1L << 20, filled(100, 0x33));
        }
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0 0 10", "read -P 0x22 10 100", "read -P 0x11 64k 64k",
                "read -P 0x33 1M 100", "read -P 0 1048676 1048476");
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.deleteSnapshot(image.snapshot("ours"));
            image.write(0, filled(64 << 10, 0x44));
        }
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0x44 0 64k", "read -P 0x11 64k 64k", "read -P 0x33 1M 100");
        assertFalse(Qemu.sameContent(before, img));
    }

    @Test
    void readingZstdCompressedClustersIsRefusedByName() throws Exception {
        Path img = zstdImage();
        String before = ImageFiles.sha256(img);
        try (Qcow2Image image = Qcow2Image.open(img, false)) {
            UnsupportedImageException e = assertThrows(UnsupportedImageException.class, () -> image.read(0, 512));
            assertTrue(e.getMessage().contains("zstd"), e.getMessage());
            assertArrayEquals(filled(512, 0x22), image.read(1L << 20, 512));
        }
        assertEquals(before, ImageFiles.sha256(img));
    }

    @Test
    void aPartialWriteOverAZstdClusterIsRefusedAndChangesNothing() throws Exception {
        Path img = zstdImage();
        String before = ImageFiles.sha256(img);
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            UnsupportedImageException e = assertThrows(UnsupportedImageException.class,
                    () -> image.write(100, filled(100, 0x33)));
            assertTrue(e.getMessage().contains("zstd"), e.getMessage());
        }
        assertEquals(before, ImageFiles.sha256(img));
    }

    @Test
    void snapshotsOfAZstdImageStayClean() throws Exception {
        Path img = zstdImage();
        Path before = Qemu.exportRaw(img, dir.resolve("before.raw"));
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(NewSnapshot.of("1", "ours", UUID.randomUUID(), null, Instant.now()));
            image.write(0, filled(64 << 10, 0x44));
        }
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(before, Qemu.exportSnapshot(img, "ours", dir.resolve("ours.raw"))));
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.applySnapshot(image.snapshot("ours"));
            image.deleteSnapshot(image.snapshot("ours"));
        }
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(before, img));
    }

    /** zstd-compressed 0x11 over the first 128 KiB, plain 0x22 over 1 MiB..1.5 MiB. */
    private Path zstdImage() {
        Path img = dir.resolve("zstd.qcow2");
        Qemu.create(img, "4M", "-o", "compression_type=zstd");
        Qemu.io(img, "qcow2", "write -c -P 0x11 0 128k", "write -P 0x22 1M 512k");
        return img;
    }

    // ------------------------------------------------------------------ feature bits and extensions

    @Test
    void unknownCompatibleBitsAndExtensionsArePreservedAndUnknownAutoclearBitsCleared() throws Exception {
        Path img = dir.resolve("features.qcow2");
        Qemu.create(img, "4M");
        long end = endOfHeaderExtensions(img);
        ImageFiles.putU32(img, end, 0x51e7ab1eL);
        ImageFiles.putU32(img, end + 4, 5);
        ImageFiles.putU64(img, end + 8, 0x0102030405000000L);
        ImageFiles.putU64(img, end + 16, 0);
        ImageFiles.putU64(img, 80, 1L << 40);
        ImageFiles.putU64(img, 88, 1L << 40);
        Qemu.assertClean(img);

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(NewSnapshot.of("1", "ours", UUID.randomUUID(), null, Instant.now()));
        }
        Qemu.assertClean(img);
        assertEquals(1L << 40, ImageFiles.u64(img, 80), "unknown compatible bit");
        assertEquals(0, ImageFiles.u64(img, 88), "unknown autoclear bit");
        assertEquals(0x51e7ab1eL, ImageFiles.u32(img, end));
        assertEquals(0x0102030405000000L, ImageFiles.u64(img, end + 8));
        assertEquals(end + 16, endOfHeaderExtensions(img));
    }

    /** Offset of the end-of-extensions marker in the first cluster. */
    private static long endOfHeaderExtensions(Path img) {
        long at = ImageFiles.u32(img, 100);
        while (ImageFiles.u32(img, at) != 0) {
            at += 8 + ((ImageFiles.u32(img, at + 4) + 7) & ~7L);
        }
        return at;
    }

    // ------------------------------------------------------------------ persistent bitmaps

    @Test
    void anImageWithPersistentBitmapsReadsButRefusesEveryWrite() throws Exception {
        Path img = dir.resolve("bitmaps.qcow2");
        Qemu.create(img, "4M");
        Qemu.io(img, "qcow2", "write -P 0x11 0 64k");
        Qemu.img("snapshot", "-c", "qemu-made", img).ok();
        Qemu.img("bitmap", "--add", img, "dirty").ok();
        String before = ImageFiles.sha256(img);

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            assertArrayEquals(filled(64 << 10, 0x11), image.read(0, 64 << 10));
            List<Executable> writes = List.of(
                    () -> image.write(0, filled(512, 0x22)),
                    () -> image.createSnapshot(NewSnapshot.of("2", "ours", UUID.randomUUID(), null, Instant.now())),
                    () -> image.applySnapshot(image.snapshot("qemu-made")),
                    () -> image.deleteSnapshot(image.snapshot("qemu-made")));
            for (Executable write : writes) {
                UnsupportedImageException e = assertThrows(UnsupportedImageException.class, write);
                assertTrue(e.getMessage().contains("persistent dirty bitmaps"), e.getMessage());
            }
        }
        assertEquals(before, ImageFiles.sha256(img));
    }

    // ------------------------------------------------------------------ VM state

    @Test
    void vmStateWrittenHereReadsBackAndQemuSeesItsSize() throws Exception {
        Path img = dir.resolve("vmstate.qcow2");
        Qemu.create(img, "4M");
        Qemu.io(img, "qcow2", "write -P 0x11 0 1M");
        byte[] state = vmState(300_000);

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(new NewSnapshot("1", "with-memory", UUID.randomUUID(), null, Instant.now(), 42,
                    state));
        }
        Qemu.assertClean(img);
        JsonNode listed = Qemu.info(img).get("snapshots").get(0);
        assertEquals(state.length, listed.get("vm-state-size").asLong());
        try (Qcow2Image image = Qcow2Image.open(img, false)) {
            assertArrayEquals(state, image.readVmState(image.snapshot("with-memory"), 0, state.length));
        }
    }

    @Test
    void vmStateStillReadsBackAfterTheImageWasResized() throws Exception {
        Path img = dir.resolve("vmstate.qcow2");
        Qemu.create(img, "4M");
        byte[] state = vmState(200_000);
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(new NewSnapshot("1", "with-memory", UUID.randomUUID(), null, Instant.now(), 0,
                    state));
        }
        Qemu.img("resize", img, "1536M").ok();

        try (Qcow2Image image = Qcow2Image.open(img, false)) {
            assertArrayEquals(state, image.readVmState(image.snapshot("with-memory"), 0, state.length));
        }
    }

    @Test
    void qemuDeletingASnapshotWithVmStateWrittenHereLeavesTheImageClean() throws Exception {
        Path img = dir.resolve("vmstate.qcow2");
        Qemu.create(img, "4M");
        Qemu.io(img, "qcow2", "write -P 0x11 0 1M");
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(new NewSnapshot("1", "with-memory", UUID.randomUUID(), null, Instant.now(), 0,
                    vmState(300_000)));
        }
        Qemu.img("snapshot", "-d", "with-memory", img).ok();
        Qemu.assertClean(img);
        assertTrue(Qemu.info(img).path("snapshots").isMissingNode());
        Qemu.io(img, "qcow2", "read -P 0x11 0 1M");
    }

    @Test
    void qemuApplyingASnapshotWithVmStateLeavesAnImageWeCanStillChangeCleanly() throws Exception {
        Path img = dir.resolve("vmstate.qcow2");
        Qemu.create(img, "4M");
        Qemu.io(img, "qcow2", "write -P 0x11 0 1M");
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(new NewSnapshot("1", "with-memory", UUID.randomUUID(), null, Instant.now(), 0,
                    vmState(300_000)));
        }
        Qemu.img("snapshot", "-a", "with-memory", img).ok();
        Qemu.assertClean(img);

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.write(0, filled(4096, 0x22));
            image.createSnapshot(NewSnapshot.of("2", "after", UUID.randomUUID(), null, Instant.now()));
            image.deleteSnapshot(image.snapshot("with-memory"));
        }
        Qemu.assertClean(img);
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.applySnapshot(image.snapshot("after"));
            image.deleteSnapshot(image.snapshot("after"));
        }
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0x22 0 4096", "read -P 0x11 4096 1044480");
    }

    // ------------------------------------------------------------------ snapledger's extra data

    @Test
    void snapshotsMadeByQemuHaveNoUuid() throws Exception {
        Path img = dir.resolve("uuid.qcow2");
        Qemu.create(img, "4M");
        Qemu.img("snapshot", "-c", "qemu-made", img).ok();
        try (Qcow2Image image = Qcow2Image.open(img, false)) {
            SnapshotEntry entry = image.snapshot("qemu-made");
            assertNull(entry.uuid());
            assertNull(entry.parentUuid());
            assertFalse(entry.ownedBySnapledger());
        }
    }

    @Test
    void ourUuidsSurviveQemuCreatingDeletingAndRepairing() throws Exception {
        Path img = dir.resolve("uuid.qcow2");
        Qemu.create(img, "4M");
        Qemu.img("snapshot", "-c", "qemu-first", img).ok();
        UUID uuid = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(NewSnapshot.of("2", "ours", uuid, parent, Instant.now()));
        }
        Qemu.img("snapshot", "-c", "qemu-second", img).ok();
        Qemu.img("snapshot", "-d", "qemu-first", img).ok();
        Qemu.img("check", "-r", "all", img).ok();
        Qemu.assertClean(img);

        try (Qcow2Image image = Qcow2Image.open(img, false)) {
            SnapshotEntry entry = image.snapshot("ours");
            assertEquals(uuid, entry.uuid());
            assertEquals(parent, entry.parentUuid());
            assertEquals(uuid, image.snapshotByUuid(uuid).uuid());
            assertNull(image.snapshot("qemu-second").uuid());
        }
    }

    // ------------------------------------------------------------------ backing files

    @Test
    void anOverlayOverARawBackingFileReadsLikeQemu() throws Exception {
        Path base = dir.resolve("base.raw");
        Qemu.img("create", "-q", "-f", "raw", base, "4M").ok();
        Qemu.io(base, "raw", "write -P 0x11 0 4M");
        Path top = dir.resolve("top.qcow2");
        Qemu.img("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", top).ok();
        Qemu.io(top, "qcow2", "write -P 0x22 100k 200k", "write -z 1M 64k");

        assertArrayEquals(qemuRead(top), readAll(top));
    }

    @Test
    void anOverlayLargerThanItsBaseReadsZerosPastTheBaseLikeQemu() throws Exception {
        Path base = dir.resolve("base.qcow2");
        Qemu.create(base, "3000k");
        Qemu.io(base, "qcow2", "write -P 0x11 0 3000k");
        Path top = dir.resolve("top.qcow2");
        Qemu.img("create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", top, "8M").ok();
        Qemu.io(top, "qcow2", "write -P 0x22 1M 512k", "write -P 0x33 6M 100k");

        byte[] ours = readAll(top);
        assertArrayEquals(qemuRead(top), ours);
        assertEquals(0x11, ours[3000 * 1024 - 1]);
        assertEquals(0, ours[3000 * 1024]);
    }

    @Test
    void anOverlayOverAnOddSizedRawBackingFileReadsLikeQemu() throws Exception {
        Path base = dir.resolve("base.raw");
        Files.write(base, filled((1 << 20) + 1000, 0x11));
        Path top = dir.resolve("top.qcow2");
        Qemu.img("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", top, "2M").ok();

        assertArrayEquals(qemuRead(top), readAll(top));
    }

    @Test
    void aRelativeBackingNameResolvesAgainstTheOverlaysFolder() throws Exception {
        Path base = dir.resolve("base.raw");
        Qemu.img("create", "-q", "-f", "raw", base, "1M").ok();
        Qemu.io(base, "raw", "write -P 0x11 0 1M");
        Files.createDirectory(dir.resolve("overlays"));
        Path top = dir.resolve("overlays").resolve("top.qcow2");
        Qemu.img("create", "-q", "-f", "qcow2", "-b", "../base.raw", "-F", "raw", top).ok();
        Qemu.io(top, "qcow2", "write -P 0x22 0 4k");

        try (Qcow2Image image = Qcow2Image.open(top, false)) {
            assertEquals(base.toAbsolutePath().normalize(), image.backingPath());
        }
        assertArrayEquals(qemuRead(top), readAll(top));
    }

    // ------------------------------------------------------------------ empty images

    @Test
    void aSnapshotOfAZeroSizedImageLeaksNothing() throws Exception {
        Path img = dir.resolve("empty.qcow2");
        Qemu.create(img, "0");
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.createSnapshot(NewSnapshot.of("1", "empty", UUID.randomUUID(), null, Instant.now()));
        }
        Qemu.assertClean(img);
        Qemu.img("snapshot", "-c", "qemu-made", img).ok();
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.applySnapshot(image.snapshot("qemu-made"));
            image.deleteSnapshot(image.snapshot("empty"));
            image.deleteSnapshot(image.snapshot("qemu-made"));
        }
        Qemu.assertClean(img);
    }

    // ------------------------------------------------------------------ helpers

    private Path exportSnapshotById(Path img, String id) {
        Path out = dir.resolve("snapshot-" + id + ".raw");
        Qemu.img("convert", "-l", "snapshot.id=" + id, "-O", "raw", img, out).ok();
        return out;
    }

    private byte[] qemuRead(Path img) throws IOException {
        return Files.readAllBytes(Qemu.exportRaw(img, dir.resolve(img.getFileName() + ".raw")));
    }

    private static byte[] readAll(Path img) throws IOException {
        try (DiskImage image = Images.open(img, false)) {
            return image.read(0, (int) image.virtualSize());
        }
    }

    private static List<String> idsAndNames(List<SnapshotEntry> entries) {
        List<String> list = new ArrayList<>();
        for (SnapshotEntry s : entries) {
            list.add(s.id() + ":" + s.name());
        }
        return list;
    }

    private static List<String> qemuSnapshots(Path img) {
        List<String> list = new ArrayList<>();
        for (JsonNode s : Qemu.info(img).path("snapshots")) {
            list.add(s.get("id").asText() + ":" + s.get("name").asText());
        }
        return list;
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] vmState(int length) {
        byte[] state = new byte[length];
        for (int i = 0; i < length; i++) {
            state[i] = (byte) (i * 131 + 17);
        }
        return state;
    }
}
