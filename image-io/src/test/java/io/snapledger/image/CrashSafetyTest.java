package io.snapledger.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.image.io.CrashingBlockFile;
import io.snapledger.image.io.CrashingBlockFile.SimulatedCrash;
import io.snapledger.image.io.FileBlockFile;
import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import io.snapledger.image.testing.ImageFiles;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Cuts every metadata-changing operation short after each of its writes in turn, as if the
 * process died there, and has qemu-img prove that what is left is the image before or the image
 * after the operation: no corruption, no leaked cluster, the guest and the snapshot list of one
 * of the two states.
 */
class CrashSafetyTest {
    private static final String BASE = "base";
    private static final String OURS = "ours";

    @TempDir
    static Path pristineDir;
    @TempDir
    Path dir;

    private static final Map<Layout, Path> PRISTINE = new EnumMap<>(Layout.class);

    enum Layout {
        V3_64K("v3, 64 KiB clusters", 16),
        V3_512B("v3, 512 B clusters, refcount table full", 9),
        V2_64K("v2, 64 KiB clusters", 16);

        final String label;
        final int clusterBits;

        Layout(String label, int clusterBits) {
            this.label = label;
            this.clusterBits = clusterBits;
        }

        int cs() {
            return 1 << clusterBits;
        }
    }

    enum Operation {
        SNAPSHOT_CREATE("snapshot create"),
        SNAPSHOT_CREATE_WITH_VM_STATE("snapshot create with VM state"),
        SNAPSHOT_APPLY("snapshot apply"),
        SNAPSHOT_DELETE("snapshot delete"),
        ALLOCATING_WRITE("guest write that allocates"),
        WRITE_INTO_SHARED_CLUSTERS("guest write into clusters shared with a snapshot"),
        WRITE_BATCH("batch of guest writes into shared, new and just written clusters");

        final String label;

        Operation(String label) {
            this.label = label;
        }

        boolean isSnapshotOperation() {
            return this != ALLOCATING_WRITE && this != WRITE_INTO_SHARED_CLUSTERS && this != WRITE_BATCH;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Layout layout : Layout.values()) {
            for (Operation op : Operation.values()) {
                cases.add(Arguments.of(layout.label + ": " + op.label, layout, op));
            }
        }
        return cases.stream();
    }

    // ------------------------------------------------------------------ the pristine images

    /**
     * Guest layout, in clusters: 0x11 over 0..8 and 0x22 over 20..22, snapshot "base", then 0x33
     * over 0.5..2.5; the active image and "base" share clusters 3..7 and 20..21.
     */
    @BeforeAll
    static void makePristineImages() throws IOException {
        for (Layout layout : Layout.values()) {
            Path img = pristineDir.resolve(layout.name() + ".qcow2");
            int cs = layout.cs();
            switch (layout) {
                case V3_64K -> Qemu.create(img, "4M");
                case V2_64K -> Qemu.create(img, "4M", "-o", "compat=0.10");
                case V3_512B -> Qemu.create(img, "24M", "-o", "cluster_size=512");
            }
            Qemu.io(img, "qcow2", "write -P 0x11 0 " + 8 * cs, "write -P 0x22 " + 20 * cs + " " + 2 * cs);
            Qemu.img("snapshot", "-c", BASE, img).ok();
            Qemu.io(img, "qcow2", "write -P 0x33 " + cs / 2 + " " + 2 * cs);
            if (layout == Layout.V3_512B) {
                fillRefcountTable(img);
            }
            Qemu.assertClean(img);
            PRISTINE.put(layout, img);
        }
    }

    /**
     * Fills the clusters the refcount table can describe, up to at most one free cluster, so
     * that any operation must grow and move the refcount table. The bulk is guest data only a
     * snapshot "filler" keeps (so the operations do not touch it), the rest single clusters of the
     * active image.
     */
    private static void fillRefcountTable(Path img) throws IOException {
        Qemu.img("snapshot", "-c", "tmp", img).ok();
        long free = freeClustersBelowTableLimit(img);
        long filler = free * 64 / 65 * 255 / 256 - 64;
        Qemu.io(img, "qcow2", "write -P 0x55 8M " + filler * 512);
        Qemu.img("snapshot", "-c", "filler", img).ok();
        Qemu.img("snapshot", "-a", "tmp", img).ok();
        Qemu.img("snapshot", "-d", "tmp", img).ok();
        long next = (20L << 20) / 512;
        for (free = freeClustersBelowTableLimit(img); free > 1; free = freeClustersBelowTableLimit(img)) {
            List<String> writes = new ArrayList<>();
            long cost = 0;
            while (cost + 1 + (next % 64 == 0 ? 1 : 0) <= free) {
                cost += 1 + (next % 64 == 0 ? 1 : 0);
                writes.add("write -P 0x66 " + next * 512 + " 512");
                next++;
            }
            Qemu.io(img, "qcow2", writes.toArray(String[]::new));
        }
        assertEquals(1, ImageFiles.u32(img, 56), "qemu grew the refcount table while it was being filled");
    }

    /** Clusters below the end of what the refcount table can describe whose refcount is 0. */
    private static long freeClustersBelowTableLimit(Path img) throws IOException {
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(img));
        int cs = 1 << file.getInt(20);
        long table = file.getLong(48);
        long tableEntries = Integer.toUnsignedLong(file.getInt(56)) * cs / 8;
        int perBlock = cs / 2;
        long used = 0;
        for (long i = 0; i < tableEntries; i++) {
            long block = file.getLong((int) (table + 8 * i));
            for (int j = 0; block != 0 && j < perBlock; j++) {
                if (file.getShort((int) (block + 2L * j)) != 0) {
                    used++;
                }
            }
        }
        return tableEntries * perBlock - used;
    }

    // ------------------------------------------------------------------ the test

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cutShortAtAnyWriteLeavesTheImageBeforeOrAfterCleanAndLeakFree(String name, Layout layout, Operation op)
            throws Exception {
        Path pristine = PRISTINE.get(layout);
        Path before = Qemu.exportRaw(pristine, dir.resolve("before.raw"));
        List<String> snapshotsBefore = snapshotList(pristine);

        Path complete = dir.resolve("complete.qcow2");
        Files.copy(pristine, complete);
        long writes;
        try (CrashingBlockFile counting = new CrashingBlockFile(FileBlockFile.open(complete, true), Long.MAX_VALUE);
             Qcow2Image image = Qcow2Image.open(complete, counting)) {
            run(op, image, layout);
            writes = counting.writesSeen();
        }
        assertTrue(writes > 0, name + " wrote nothing");
        Qemu.assertClean(complete);
        Path after = Qemu.exportRaw(complete, dir.resolve("after.raw"));
        List<String> snapshotsAfter = snapshotList(complete);
        assertOutcome(op, layout, complete, before, after, snapshotsBefore, snapshotsAfter);

        for (long allowed = 0; allowed <= writes; allowed++) {
            Path img = dir.resolve("crashed.qcow2");
            Files.copy(pristine, img, StandardCopyOption.REPLACE_EXISTING);
            try (CrashingBlockFile crashing = new CrashingBlockFile(FileBlockFile.open(img, true), allowed);
                 Qcow2Image image = Qcow2Image.open(img, crashing)) {
                if (allowed < writes) {
                    assertThrows(SimulatedCrash.class, () -> run(op, image, layout),
                            name + ": no crash with " + allowed + " of " + writes + " writes");
                } else {
                    assertDoesNotThrow(() -> run(op, image, layout));
                }
            }
            String at = name + ", cut after " + allowed + " of " + writes + " writes";
            int check = Qemu.checkExit(img);
            if (check != 0) {
                fail(at + ": qemu-img check exit " + check + "\n" + Qemu.img("check", img).out());
            }
            assertTrue(Qemu.sameContent(img, before) || Qemu.sameContent(img, after),
                    at + ": the guest sees neither the content before nor the content after");
            if (op.isSnapshotOperation()) {
                List<String> listed = snapshotList(img);
                assertTrue(listed.equals(snapshotsBefore) || listed.equals(snapshotsAfter),
                        at + ": snapshots " + listed + " are neither " + snapshotsBefore + " nor " + snapshotsAfter);
            }
        }
    }

    /** One step of a longer session on one open image. */
    interface Step {
        void run(Qcow2Image image, int cs) throws IOException;
    }

    private static final List<Step> SESSION = List.of(
            (image, cs) -> image.createSnapshot(new NewSnapshot(nextId(image), "a", UUID.randomUUID(), null,
                    Instant.now(), 0, vmState(cs))),
            (image, cs) -> image.write(5L * cs + 100, pattern(cs, 0x88)),
            (image, cs) -> image.write(3L * 1024 * 1024 + 1000, pattern(5 * cs / 2, 0x77)),
            (image, cs) -> image.applySnapshot(image.snapshot(BASE)),
            (image, cs) -> image.deleteSnapshot(image.snapshot("a")),
            (image, cs) -> image.createSnapshot(NewSnapshot.of(nextId(image), "b", UUID.randomUUID(), null,
                    Instant.now())));

    static Stream<Arguments> layouts() {
        return Stream.of(Layout.values()).map(layout -> Arguments.of(layout.label, layout));
    }

    /**
     * Several operations on one open image (so later ones start from what earlier ones left in
     * memory): cut short anywhere, the file is the state after some whole number of them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void aSessionCutShortAtAnyWriteLeavesTheStateAfterSomeWholeStep(String name, Layout layout) throws Exception {
        Path pristine = PRISTINE.get(layout);
        List<Path> contents = new ArrayList<>();
        List<List<String>> lists = new ArrayList<>();
        contents.add(Qemu.exportRaw(pristine, dir.resolve("state0.raw")));
        lists.add(snapshotList(pristine));

        Path complete = dir.resolve("complete.qcow2");
        Files.copy(pristine, complete);
        long writes;
        try (CrashingBlockFile counting = new CrashingBlockFile(FileBlockFile.open(complete, true), Long.MAX_VALUE);
             Qcow2Image image = Qcow2Image.open(complete, counting)) {
            for (Step step : SESSION) {
                step.run(image, layout.cs());
                Qemu.assertClean(complete);
                contents.add(Qemu.exportRaw(complete, dir.resolve("state" + contents.size() + ".raw")));
                lists.add(snapshotList(complete));
            }
            writes = counting.writesSeen();
        }

        for (long allowed = 0; allowed <= writes; allowed++) {
            Path img = dir.resolve("crashed.qcow2");
            Files.copy(pristine, img, StandardCopyOption.REPLACE_EXISTING);
            try (CrashingBlockFile crashing = new CrashingBlockFile(FileBlockFile.open(img, true), allowed);
                 Qcow2Image image = Qcow2Image.open(img, crashing)) {
                for (Step step : SESSION) {
                    step.run(image, layout.cs());
                }
                assertEquals(writes, allowed, "the session ended without its crash");
            } catch (SimulatedCrash expected) {
                assertTrue(allowed < writes);
            }
            String at = name + ", cut after " + allowed + " of " + writes + " writes";
            int check = Qemu.checkExit(img);
            if (check != 0) {
                fail(at + ": qemu-img check exit " + check + "\n" + Qemu.img("check", img).out());
            }
            List<String> listed = snapshotList(img);
            boolean matched = false;
            for (int k = 0; k < contents.size() && !matched; k++) {
                matched = lists.get(k).equals(listed) && Qemu.sameContent(img, contents.get(k));
            }
            assertTrue(matched, at + ": the image is not the state after any whole step (snapshots " + listed + ")");
        }
    }

    private static void run(Operation op, Qcow2Image image, Layout layout) throws IOException {
        int cs = layout.cs();
        switch (op) {
            case SNAPSHOT_CREATE -> image.createSnapshot(new NewSnapshot(nextId(image), OURS, UUID.randomUUID(),
                    null, Instant.now(), 0, null));
            case SNAPSHOT_CREATE_WITH_VM_STATE -> image.createSnapshot(new NewSnapshot(nextId(image), OURS,
                    UUID.randomUUID(), UUID.randomUUID(), Instant.now(), 0, vmState(cs)));
            case SNAPSHOT_APPLY -> image.applySnapshot(image.snapshot(BASE));
            case SNAPSHOT_DELETE -> image.deleteSnapshot(image.snapshot(BASE));
            case ALLOCATING_WRITE -> image.write(3L * 1024 * 1024 + 1000, pattern(5 * cs / 2, 0x77));
            case WRITE_INTO_SHARED_CLUSTERS -> image.write(5L * cs + 100, pattern(cs, 0x88));
            case WRITE_BATCH -> {
                try (WriteBatch batch = image.beginWrites()) {
                    batch.write(5L * cs + 100, pattern(cs, 0x88), 0, cs);
                    batch.write(3L * 1024 * 1024 + 1000, pattern(5 * cs / 2, 0x77), 0, 5 * cs / 2);
                    batch.write(10L * cs + 3, pattern(2 * cs, 0x99), 0, 2 * cs);
                    batch.write(3L * 1024 * 1024 + cs, pattern(cs / 3, 0x66), 0, cs / 3);
                    batch.commit();
                }
            }
        }
    }

    /** What the complete operation must have done, beyond a clean check. */
    private void assertOutcome(Operation op, Layout layout, Path img, Path before, Path after,
                                      List<String> snapshotsBefore, List<String> snapshotsAfter) throws IOException {
        switch (op) {
            case SNAPSHOT_CREATE, SNAPSHOT_CREATE_WITH_VM_STATE -> {
                assertEquals(snapshotsBefore.size() + 1, snapshotsAfter.size());
                assertTrue(Qemu.sameContent(before, after));
                Path snap = Qemu.exportSnapshot(img, OURS, dir.resolve("ours.raw"));
                assertTrue(Qemu.sameContent(before, snap), "the new snapshot does not hold the guest's content");
                if (op == Operation.SNAPSHOT_CREATE_WITH_VM_STATE) {
                    byte[] state = vmState(layout.cs());
                    try (Qcow2Image image = Qcow2Image.open(img, false)) {
                        assertArrayEquals(state, image.readVmState(image.snapshot(OURS), 0, state.length));
                    }
                    JsonNode listed = Qemu.info(img).get("snapshots");
                    assertEquals(state.length, listed.get(listed.size() - 1).get("vm-state-size").asLong());
                }
            }
            case SNAPSHOT_APPLY -> {
                Path snap = Qemu.exportSnapshot(img, BASE, dir.resolve("base.raw"));
                assertTrue(Qemu.sameContent(snap, after), "apply does not show the snapshot's content");
                assertTrue(!Qemu.sameContent(before, after), "apply changed nothing");
            }
            case SNAPSHOT_DELETE -> {
                assertEquals(snapshotsBefore.size() - 1, snapshotsAfter.size());
                assertTrue(Qemu.sameContent(before, after));
            }
            case ALLOCATING_WRITE, WRITE_INTO_SHARED_CLUSTERS, WRITE_BATCH -> {
                assertTrue(!Qemu.sameContent(before, after), "the write changed nothing");
                Path snap = Qemu.exportSnapshot(img, BASE, dir.resolve("base.raw"));
                Path pristineSnap = Qemu.exportSnapshot(PRISTINE.get(layout), BASE, dir.resolve("base-before.raw"));
                assertTrue(Qemu.sameContent(snap, pristineSnap), "the write reached the snapshot");
            }
        }
        if (layout == Layout.V3_512B) {
            assertTrue(ImageFiles.u32(img, 56) > ImageFiles.u32(PRISTINE.get(layout), 56),
                    "the refcount table did not grow");
        }
    }

    private static String nextId(Qcow2Image image) {
        long max = 0;
        for (SnapshotEntry s : image.snapshots()) {
            max = Math.max(max, Long.parseLong(s.id()));
        }
        return Long.toString(max + 1);
    }

    private static byte[] vmState(int cs) {
        byte[] state = new byte[5 * cs / 2];
        for (int i = 0; i < state.length; i++) {
            state[i] = (byte) (i * 31 + 7);
        }
        return state;
    }

    private static byte[] pattern(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static List<String> snapshotList(Path img) {
        List<String> list = new ArrayList<>();
        for (JsonNode s : Qemu.info(img).path("snapshots")) {
            list.add(s.get("id").asText() + ":" + s.get("name").asText());
        }
        return list;
    }
}
