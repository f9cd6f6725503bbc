package io.snapledger.image;

import io.snapledger.image.qcow2.Entries;
import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import io.snapledger.image.testing.ImageFiles;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.snapledger.image.testing.ImageFiles.putU16;
import static io.snapledger.image.testing.ImageFiles.putU32;
import static io.snapledger.image.testing.ImageFiles.putU64;
import static io.snapledger.image.testing.ImageFiles.u32;
import static io.snapledger.image.testing.ImageFiles.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Valid images made by qemu-img, each damaged in one field. Opening them and every write either
 * works or fails with an {@link ImageException} that names the problem, and the file keeps its
 * exact bytes.
 */
class HostileImageTest {
    private static final long OFFSET_MASK = 0x00fffffffffffe00L;
    // header fields
    private static final int VERSION = 4;
    private static final int BACKING_OFFSET = 8;
    private static final int BACKING_SIZE = 16;
    private static final int CLUSTER_BITS = 20;
    private static final int SIZE = 24;
    private static final int CRYPT = 32;
    private static final int L1_SIZE = 36;
    private static final int L1_OFFSET = 40;
    private static final int REFTABLE_OFFSET = 48;
    private static final int REFTABLE_CLUSTERS = 56;
    private static final int NB_SNAPSHOTS = 60;
    private static final int SNAPSHOTS_OFFSET = 64;
    private static final int INCOMPATIBLE = 72;
    private static final int REFCOUNT_ORDER = 96;
    private static final int HEADER_LENGTH = 100;

    @TempDir
    static Path bases;
    @TempDir
    Path dir;

    private static Path snapshotted;
    private static Path overlay;
    private static Path smallClusters;
    private static Path emptySmallClusters;

    /** Which qemu-made image a case starts from. */
    enum Base { SNAPSHOTTED, OVERLAY, SMALL_CLUSTERS, EMPTY_SMALL_CLUSTERS }

    /** What the engine must do with the damaged image. */
    enum Outcome {
        /** Neither a read-only nor a read-write open succeeds. */
        OPEN_REFUSED,
        /** Opens; reads give what qemu-img reads; every write is refused. */
        WRITES_REFUSED,
        /** Opens; reads of the damaged area and every write are refused. */
        READS_AND_WRITES_REFUSED
    }

    record Damage(Base base, Consumer<Path> edit, Outcome outcome, String... phrases) {
    }

    @BeforeAll
    static void makeBases() {
        snapshotted = bases.resolve("snapshotted.qcow2");
        Qemu.create(snapshotted, "8M");
        Qemu.io(snapshotted, "qcow2", "write -P 0x11 0 1M", "write -P 0x22 2M 512k");
        Qemu.img("snapshot", "-c", "s1", snapshotted).ok();

        Path raw = bases.resolve("base.raw");
        Qemu.img("create", "-q", "-f", "raw", raw, "4M").ok();
        overlay = bases.resolve("overlay.qcow2");
        Qemu.img("create", "-q", "-f", "qcow2", "-b", raw.getFileName(), "-F", "raw", overlay).ok();

        smallClusters = bases.resolve("small.qcow2");
        Qemu.create(smallClusters, "4M", "-o", "cluster_size=512");
        Qemu.io(smallClusters, "qcow2", "write -P 0x33 0 3M");

        emptySmallClusters = bases.resolve("empty-small.qcow2");
        Qemu.create(emptySmallClusters, "4M", "-o", "cluster_size=512");
    }

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, "bad magic", Base.SNAPSHOTTED, f -> putU32(f, 0, 0x514649fcL), Outcome.OPEN_REFUSED, "bad magic");
        add(cases, "version 1", Base.SNAPSHOTTED, f -> putU32(f, VERSION, 1), Outcome.OPEN_REFUSED, "version 1");
        add(cases, "version 4", Base.SNAPSHOTTED, f -> putU32(f, VERSION, 4), Outcome.OPEN_REFUSED, "version 4");
        add(cases, "cluster_bits 8", Base.SNAPSHOTTED, f -> putU32(f, CLUSTER_BITS, 8), Outcome.OPEN_REFUSED,
                "cluster_bits 8");
        add(cases, "cluster_bits 22", Base.SNAPSHOTTED, f -> putU32(f, CLUSTER_BITS, 22), Outcome.OPEN_REFUSED,
                "cluster_bits 22");
        add(cases, "header_length not a multiple of 8", Base.SNAPSHOTTED, f -> putU32(f, HEADER_LENGTH, 108),
                Outcome.OPEN_REFUSED, "header_length 108");
        add(cases, "header_length below 104", Base.SNAPSHOTTED, f -> putU32(f, HEADER_LENGTH, 96),
                Outcome.OPEN_REFUSED, "header_length 96");
        add(cases, "refcount_order 7", Base.SNAPSHOTTED, f -> putU32(f, REFCOUNT_ORDER, 7), Outcome.OPEN_REFUSED,
                "refcount_order 7");
        add(cases, "unknown incompatible feature bit", Base.SNAPSHOTTED, f -> putU64(f, INCOMPATIBLE, 1L << 5),
                Outcome.OPEN_REFUSED, "incompatible feature bits 0x20");
        add(cases, "crypt_method 1", Base.SNAPSHOTTED, f -> putU32(f, CRYPT, 1), Outcome.OPEN_REFUSED,
                "encryption");
        add(cases, "external data file bit", Base.SNAPSHOTTED, f -> putU64(f, INCOMPATIBLE, 1L << 2),
                Outcome.OPEN_REFUSED, "external data file");
        add(cases, "extended L2 bit", Base.SNAPSHOTTED, f -> putU64(f, INCOMPATIBLE, 1L << 4),
                Outcome.OPEN_REFUSED, "extended L2");
        add(cases, "L1 offset unaligned", Base.SNAPSHOTTED, f -> putU64(f, L1_OFFSET, u64(f, L1_OFFSET) + 8),
                Outcome.OPEN_REFUSED, "L1 table offset", "not cluster aligned");
        add(cases, "L1 offset past EOF", Base.SNAPSHOTTED, f -> putU64(f, L1_OFFSET, 1L << 30),
                Outcome.OPEN_REFUSED, "L1 table at", "past the end of the file");
        add(cases, "l1_size too small for the virtual size", Base.SNAPSHOTTED, f -> putU32(f, L1_SIZE, 0),
                Outcome.OPEN_REFUSED, "L1 table has 0 entries");
        add(cases, "l1_size absurdly large", Base.SNAPSHOTTED, f -> putU32(f, L1_SIZE, 0xffffffffL),
                Outcome.OPEN_REFUSED, "L1 table of", "exceeds the limit");
        add(cases, "l1_size running past EOF", Base.EMPTY_SMALL_CLUSTERS, f -> putU32(f, L1_SIZE, 4096),
                Outcome.WRITES_REFUSED, "active L1 table at", "past the end of the file");
        add(cases, "virtual size near 2^63", Base.SNAPSHOTTED, f -> putU64(f, SIZE, Long.MAX_VALUE),
                Outcome.OPEN_REFUSED, "the virtual size needs");
        add(cases, "refcount table offset unaligned", Base.SNAPSHOTTED,
                f -> putU64(f, REFTABLE_OFFSET, u64(f, REFTABLE_OFFSET) + 512), Outcome.OPEN_REFUSED,
                "refcount table offset", "not cluster aligned");
        add(cases, "refcount table past EOF", Base.SNAPSHOTTED, f -> putU64(f, REFTABLE_OFFSET, 1L << 30),
                Outcome.OPEN_REFUSED, "refcount table at", "past the end of the file");
        add(cases, "refcount table of zero clusters", Base.SNAPSHOTTED, f -> putU32(f, REFTABLE_CLUSTERS, 0),
                Outcome.OPEN_REFUSED, "refcount table has no clusters");
        add(cases, "refcount table entry with reserved bits", Base.SNAPSHOTTED,
                f -> putU64(f, u64(f, REFTABLE_OFFSET), u64(f, u64(f, REFTABLE_OFFSET)) | 0x100),
                Outcome.OPEN_REFUSED, "refcount table entry 0", "reserved bits");
        add(cases, "nb_snapshots huge", Base.SNAPSHOTTED, f -> putU32(f, NB_SNAPSHOTS, 0xffffffffL),
                Outcome.OPEN_REFUSED, "nb_snapshots 4294967295");
        add(cases, "nb_snapshots one more than the table holds", Base.SNAPSHOTTED,
                f -> putU32(f, NB_SNAPSHOTS, u32(f, NB_SNAPSHOTS) + 1), Outcome.OPEN_REFUSED,
                "snapshot table entry 2 lies past the end of the file");
        add(cases, "snapshot L1 offset unaligned", Base.SNAPSHOTTED,
                f -> putU64(f, snapshotEntry(f), u64(f, snapshotEntry(f)) + 512), Outcome.OPEN_REFUSED,
                "snapshot table entry 1 L1 offset", "not cluster aligned");
        add(cases, "snapshot extra_data_size over 1024", Base.SNAPSHOTTED,
                f -> putU32(f, snapshotEntry(f) + 36, 1025), Outcome.OPEN_REFUSED, "1025 bytes of extra data");
        add(cases, "snapshot name running past EOF", Base.SNAPSHOTTED,
                f -> putU16(f, snapshotEntry(f) + 14, 0xffff), Outcome.OPEN_REFUSED,
                "snapshot table entry 1", "past the end of the file");
        add(cases, "snapshot disk size absurdly large", Base.SNAPSHOTTED,
                f -> putU64(f, snapshotEntry(f) + 40 + 8, 1L << 62), Outcome.OPEN_REFUSED,
                "snapshot table entry 1", "disk size");
        add(cases, "header extension running past the cluster", Base.SNAPSHOTTED,
                f -> putU32(f, u32(f, HEADER_LENGTH) + 4, 0x10000), Outcome.OPEN_REFUSED,
                "runs past the first cluster");
        add(cases, "backing file name length 0", Base.OVERLAY, f -> putU32(f, BACKING_SIZE, 0),
                Outcome.OPEN_REFUSED, "backing file name length 0");
        add(cases, "backing file name length 1024", Base.OVERLAY, f -> putU32(f, BACKING_SIZE, 1024),
                Outcome.OPEN_REFUSED, "backing file name length 1024");
        add(cases, "backing file name outside cluster 0", Base.OVERLAY, f -> putU64(f, BACKING_OFFSET, 0xfffc),
                Outcome.OPEN_REFUSED, "backing file name at 0xfffc", "outside the first cluster");
        add(cases, "backing file name offset near 2^63", Base.OVERLAY,
                f -> putU64(f, BACKING_OFFSET, Long.MAX_VALUE - 3), Outcome.OPEN_REFUSED,
                "outside the first cluster");
        add(cases, "file truncated to the header", Base.SNAPSHOTTED, f -> ImageFiles.truncate(f, 4096),
                Outcome.OPEN_REFUSED, "past the end of the file");
        add(cases, "file truncated in the middle of the L1 table", Base.SMALL_CLUSTERS,
                f -> ImageFiles.truncate(f, u64(f, L1_OFFSET) + u32(f, L1_SIZE) * 4), Outcome.OPEN_REFUSED,
                "past the end of the file");
        add(cases, "empty image truncated in the middle of its L1 table", Base.EMPTY_SMALL_CLUSTERS,
                f -> ImageFiles.truncate(f, u64(f, L1_OFFSET) + u32(f, L1_SIZE) * 4), Outcome.WRITES_REFUSED,
                "active L1 table at", "past the end of the file");
        add(cases, "L2 table pointer unaligned", Base.SNAPSHOTTED,
                f -> putU64(f, u64(f, L1_OFFSET), u64(f, u64(f, L1_OFFSET)) + 512), Outcome.OPEN_REFUSED,
                "active L1 table entry 0", "not cluster aligned");
        add(cases, "data cluster pointer unaligned", Base.SNAPSHOTTED,
                f -> putU64(f, firstL2(f), u64(f, firstL2(f)) + 512), Outcome.READS_AND_WRITES_REFUSED,
                "unaligned");
        add(cases, "data cluster pointer into a sparse terabyte tail", Base.SMALL_CLUSTERS, f -> {
            ImageFiles.truncate(f, 1L << 40);
            putU64(f, firstL2(f), Entries.COPIED | ((1L << 40) - 512));
        }, Outcome.WRITES_REFUSED, "more clusters than");
        add(cases, "data cluster in use with refcount 0", Base.SNAPSHOTTED,
                f -> putU16(f, refcountEntry(f, u64(f, firstL2(f)) & OFFSET_MASK), 0), Outcome.WRITES_REFUSED,
                "refcount is 0");
        add(cases, "dirty bit set", Base.SNAPSHOTTED, f -> putU64(f, INCOMPATIBLE, 1L), Outcome.WRITES_REFUSED,
                "not closed cleanly");
        add(cases, "corrupt bit set", Base.SNAPSHOTTED, f -> putU64(f, INCOMPATIBLE, 1L << 1),
                Outcome.WRITES_REFUSED, "marked corrupt");
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String name, Base base, Consumer<Path> edit, Outcome outcome,
                            String... phrases) {
        cases.add(Arguments.of(name, new Damage(base, edit, outcome, phrases)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void damagedImageIsRefusedByNameAndLeftByteForByte(String name, Damage damage) throws Exception {
        Path img = dir.resolve("damaged.qcow2");
        Files.copy(switch (damage.base()) {
            case SNAPSHOTTED -> snapshotted;
            case OVERLAY -> overlay;
            case SMALL_CLUSTERS -> smallClusters;
            case EMPTY_SMALL_CLUSTERS -> emptySmallClusters;
        }, img);
        if (damage.base() == Base.OVERLAY) {
            Files.copy(bases.resolve("base.raw"), dir.resolve("base.raw"));
        }
        damage.edit().accept(img);
        String before = ImageFiles.fingerprint(img);

        if (damage.outcome() == Outcome.OPEN_REFUSED) {
            assertRefused(name, damage, "read-only open", () -> Qcow2Image.open(img, false).close());
            assertRefused(name, damage, "read-write open", () -> Qcow2Image.open(img, true).close());
        } else {
            try (Qcow2Image image = Qcow2Image.open(img, false)) {
                byte[] all = new byte[(int) image.virtualSize()];
                if (damage.outcome() == Outcome.WRITES_REFUSED) {
                    image.read(0, all, 0, all.length);
                    Path exported = dir.resolve("qemu.raw");
                    // qemu-img dd rather than convert: convert's block-status probing crawls over sparse tails
                    Qemu.img("dd", "-f", "qcow2", "-O", "raw", "bs=64k", "if=" + img, "of=" + exported).ok();
                    assertArrayEquals(Files.readAllBytes(exported), all, "guest bytes differ from qemu-img's");
                } else {
                    assertRefused(name, damage, "read", () -> image.read(0, all, 0, all.length));
                }
            }
            try (Qcow2Image image = Qcow2Image.open(img, true)) {
                assertRefused(name, damage, "guest write", () -> image.write(0, new byte[4096]));
                assertRefused(name, damage, "snapshot create", () -> image.createSnapshot(
                        NewSnapshot.of("2", "new", UUID.randomUUID(), null, Instant.now())));
                for (SnapshotEntry s : image.snapshots()) {
                    assertRefused(name, damage, "snapshot apply", () -> image.applySnapshot(s));
                    assertRefused(name, damage, "snapshot delete", () -> image.deleteSnapshot(s));
                }
            }
        }
        assertEquals(before, ImageFiles.fingerprint(img), "the damaged image was changed");
    }

    @Test
    void aFileExtendedSparselyFarPastItsLastClusterStaysWritable() throws Exception {
        Path img = dir.resolve("sparse-tail.qcow2");
        Files.copy(smallClusters, img);
        long end = ImageFiles.size(img);
        ImageFiles.truncate(img, 1L << 40);

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.write(3L << 20, new byte[4096]);
            image.createSnapshot(NewSnapshot.of("1", "after-extension", UUID.randomUUID(), null, Instant.now()));
            image.write(0, new byte[512]);
            end = Math.max(end, image.check().imageEndOffset());
        }
        ImageFiles.truncate(img, end);
        Qemu.assertClean(img);
        Qemu.io(img, "qcow2", "read -P 0 0 512", "read -P 0x33 512 3071k", "read -P 0 3M 4096");
    }

    @Test
    void overlayOverABaseWithABrokenBackingNameRefusesReadsByName() throws Exception {
        Path base = dir.resolve("base.qcow2");
        Files.copy(overlay, base);
        Files.copy(bases.resolve("base.raw"), dir.resolve("base.raw"));
        putU64(base, BACKING_OFFSET, Long.MAX_VALUE - 3);
        Path top = dir.resolve("top.qcow2");
        Qemu.img("create", "-q", "-f", "qcow2", "-u", "-b", "base.qcow2", "-F", "qcow2", top, "4M").ok();
        String before = ImageFiles.sha256(base);

        try (Qcow2Image image = Qcow2Image.open(top, false)) {
            ImageException e = assertThrows(ImageException.class, () -> image.read(0, 512));
            assertTrue(e.getMessage().contains("outside the first cluster"), e.getMessage());
        }
        assertEquals(before, ImageFiles.sha256(base));
    }

    @Test
    void overlayNamingItselfAsBackingFileIsRefusedAsALoop() throws Exception {
        Path self = dir.resolve("self.raw");
        Files.copy(overlay, self);
        byte[] name = "self.raw".getBytes(StandardCharsets.US_ASCII);
        assertEquals(name.length, u32(self, BACKING_SIZE));
        for (int i = 0; i < name.length; i++) {
            ImageFiles.putU8(self, u64(self, BACKING_OFFSET) + i, name[i]);
        }
        String before = ImageFiles.sha256(self);

        try (Qcow2Image image = Qcow2Image.open(self, false)) {
            ImageException e = assertThrows(ImageException.class, () -> image.read(0, 512));
            assertTrue(e.getMessage().contains("loops"), e.getMessage());
        }
        assertEquals(before, ImageFiles.sha256(self));
    }

    private static void assertRefused(String name, Damage damage, String action, Executable run) {
        String what = name + ": " + action;
        ImageException e = assertThrows(ImageException.class, run, what + " must be refused");
        for (String phrase : damage.phrases()) {
            assertTrue(e.getMessage().contains(phrase), what + ": message lacks '" + phrase + "': " + e.getMessage());
        }
        if (e.getMessage().contains("\n")) {
            fail(what + ": message spans lines: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- navigating the qemu-made images

    private static long snapshotEntry(Path f) {
        return u64(f, SNAPSHOTS_OFFSET);
    }

    /** Offset of the first active L2 entry (guest cluster 0). */
    private static long firstL2(Path f) {
        return u64(f, u64(f, L1_OFFSET)) & OFFSET_MASK;
    }

    /** Offset of the 16-bit refcount of the host cluster at {@code host}. */
    private static long refcountEntry(Path f, long host) {
        int clusterBits = (int) u32(f, CLUSTER_BITS);
        int perBlock = (1 << clusterBits) / 2;
        long cluster = host >>> clusterBits;
        long block = u64(f, u64(f, REFTABLE_OFFSET) + 8 * (cluster / perBlock));
        return block + 2 * (cluster % perBlock);
    }
}
