package io.snapledger.image.writer;

import io.snapledger.image.ImageOperationException;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDeviceWriterTest {
    @TempDir
    Path dir;
    private final DeviceWriter writer = new ImageDeviceWriter();
    private final UUID operation = UUID.randomUUID();
    private final UUID snapshot = UUID.randomUUID();

    private Path disk(String name) {
        Path img = dir.resolve(name);
        Qemu.create(img, "4M");
        Qemu.io(img, "qcow2", "write -P 0x5a 0 1M");
        return img;
    }

    private DeviceStep.TakeInternal internal(Path img) {
        return new DeviceStep.TakeInternal(operation, "vda", img, snapshot, null, "7", "before-upgrade",
                Instant.parse("2026-11-22T00:00:00Z"), null);
    }

    @Test
    void preparingAnInternalSnapshotTwiceTakesItOnce() throws Exception {
        Path img = disk("vda.qcow2");
        assertFalse(writer.prepare(internal(img)).alreadyDone());
        assertTrue(writer.prepare(internal(img)).alreadyDone());
        writer.commit(internal(img));
        Qemu.assertClean(img);
        assertEquals(1, Qemu.info(img).get("snapshots").size());
        assertEquals("7", Qemu.info(img).get("snapshots").get(0).get("id").asText());
        try (Qcow2Image image = Qcow2Image.open(img, false)) {
            assertEquals(snapshot, image.snapshots().get(0).uuid());
        }
    }

    @Test
    void compensatingAnInternalSnapshotRemovesOnlyOurEntry() throws Exception {
        Path img = disk("vda.qcow2");
        Qemu.img("snapshot", "-c", "foreign", img).ok();
        writer.prepare(internal(img));
        writer.compensate(internal(img));
        writer.compensate(internal(img));
        Qemu.assertClean(img);
        assertEquals(1, Qemu.info(img).get("snapshots").size());
        assertEquals("foreign", Qemu.info(img).get("snapshots").get(0).get("name").asText());
    }

    @Test
    void compensatingAStepThatNeverPreparedChangesNothing() throws Exception {
        Path img = disk("vda.qcow2");
        byte[] before = Files.readAllBytes(img);
        writer.compensate(internal(img));
        assertTrue(Arrays.equals(before, Files.readAllBytes(img)));
    }

    @Test
    void rawImagesAreRefusedForInternalSnapshotsUnchanged() throws Exception {
        Path raw = dir.resolve("vdb.raw");
        Qemu.img("create", "-q", "-f", "raw", raw, "1M").ok();
        byte[] before = Files.readAllBytes(raw);
        ImageOperationException e = assertThrows(ImageOperationException.class, () -> writer.prepare(internal(raw)));
        assertTrue(e.getMessage().contains("raw image"), e.getMessage());
        assertTrue(Arrays.equals(before, Files.readAllBytes(raw)));
    }

    @Test
    void externalOverlayIsMarkedFoundAgainAndRemovedOnCompensation() throws Exception {
        Path img = disk("vda.qcow2");
        Path overlay = dir.resolve("vda.snap1.qcow2");
        DeviceStep.TakeExternal step = new DeviceStep.TakeExternal(operation, "vda", img, overlay, snapshot);
        DeviceResult first = writer.prepare(step);
        assertEquals(overlay, first.activeImage());
        assertTrue(writer.prepare(step).alreadyDone());
        Qemu.assertClean(overlay);
        assertEquals("vda.qcow2", Qemu.info(overlay).get("backing-filename").asText());
        assertTrue(Qemu.sameContent(img, overlay));
        assertEquals(snapshot, OverlayMarker.read(overlay).snapshotUuid());

        Qemu.img("snapshot", "-c", "qemu-made", overlay).ok();
        assertEquals(snapshot, OverlayMarker.read(overlay).snapshotUuid(), "QEMU dropped our header extension");

        writer.compensate(step);
        assertFalse(Files.exists(overlay));
        writer.compensate(step);
    }

    @Test
    void takingASnapshotReportsTheDigestOfWhatItHolds() throws Exception {
        Path img = disk("vda.qcow2");
        String expected;
        try (var image = io.snapledger.image.Images.open(img, false)) {
            expected = io.snapledger.image.ContentDigest.of(image);
        }
        assertEquals(expected, writer.prepare(internal(img)).contentDigest());
        Path overlay = dir.resolve("vda.ext.qcow2");
        var external = new DeviceStep.TakeExternal(operation, "vda", img, overlay, UUID.randomUUID());
        assertEquals(expected, writer.prepare(external).contentDigest());
    }

    @Test
    void anImageLargerThanTheDigestLimitIsTakenWithoutADigest() throws Exception {
        Path img = disk("vda.qcow2");
        System.setProperty("snapledger.digest.maxBytes", "4096");
        try {
            DeviceResult result = writer.prepare(internal(img));
            assertFalse(result.alreadyDone());
            assertEquals(null, result.contentDigest());
        } finally {
            System.clearProperty("snapledger.digest.maxBytes");
        }
    }

    @Test
    void anExternalSnapshotsOverlayRecordsItsIdentity() throws Exception {
        Path img = disk("vda.qcow2");
        Path overlay = dir.resolve("vda.snap2.qcow2");
        UUID parent = UUID.randomUUID();
        var taken = new OverlayMarker.Taken(parent, "12", "before-upgrade", Instant.parse("2026-11-22T01:02:03.5Z"));
        writer.prepare(new DeviceStep.TakeExternal(operation, "vda", img, overlay, snapshot, taken));
        Qemu.img("snapshot", "-c", "qemu-made", overlay).ok();
        assertEquals(new OverlayMarker(snapshot, operation, taken), OverlayMarker.read(overlay));
    }

    @Test
    void externalOverlayNeverOverwritesAStrangersFile() throws Exception {
        Path img = disk("vda.qcow2");
        Path overlay = dir.resolve("taken.qcow2");
        Files.writeString(overlay, "not ours");
        DeviceStep.TakeExternal step = new DeviceStep.TakeExternal(operation, "vda", img, overlay, snapshot);
        assertThrows(ImageOperationException.class, () -> writer.prepare(step));
        writer.compensate(step);
        assertEquals("not ours", Files.readString(overlay));
    }

    @Test
    void externalOverlayInAMissingFolderIsRefused() throws Exception {
        Path img = disk("vda.qcow2");
        DeviceStep.TakeExternal step = new DeviceStep.TakeExternal(operation, "vda", img,
                dir.resolve("no/such/folder/o.qcow2"), snapshot);
        ImageOperationException e = assertThrows(ImageOperationException.class, () -> writer.prepare(step));
        assertTrue(e.getMessage().contains("--diskspec vda,file="), e.getMessage());
    }

    @Test
    void internalRevertKeepsASafetyPointUntilCommitted() throws Exception {
        Path img = disk("vda.qcow2");
        writer.prepare(internal(img));
        Path atSnapshot = Qemu.exportRaw(img, dir.resolve("at.raw"));
        Qemu.io(img, "qcow2", "write -P 0x77 0 2M");
        Path later = Qemu.exportRaw(img, dir.resolve("later.raw"));
        UUID revertOp = UUID.randomUUID();
        DeviceStep.RevertInternal revert = new DeviceStep.RevertInternal(revertOp, "vda", img, snapshot, "7");

        writer.prepare(revert);
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(atSnapshot, img));
        assertEquals(2, Qemu.info(img).get("snapshots").size(), "the safety point is kept while the revert is open");

        writer.compensate(revert);
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(later, img), "compensation must bring back what the guest had");
        assertEquals(1, Qemu.info(img).get("snapshots").size());

        writer.prepare(revert);
        writer.prepare(revert);
        writer.commit(revert);
        writer.commit(revert);
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(atSnapshot, img));
        assertEquals(1, Qemu.info(img).get("snapshots").size());
    }

    @Test
    void internalRevertFindsEntriesMadeByQemuByTheirId() throws Exception {
        Path img = disk("vda.qcow2");
        Qemu.img("snapshot", "-c", "qemu-made", img).ok();
        Path atSnapshot = Qemu.exportRaw(img, dir.resolve("at.raw"));
        Qemu.io(img, "qcow2", "write -P 0x77 0 2M");
        DeviceStep.RevertInternal revert = new DeviceStep.RevertInternal(UUID.randomUUID(), "vda", img,
                UUID.randomUUID(), "1");
        writer.prepare(revert);
        writer.commit(revert);
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(atSnapshot, img));
    }

    @Test
    void externalRevertPutsAFreshOverlayOnTheFrozenImage() throws Exception {
        Path base = disk("vda.qcow2");
        Path fresh = dir.resolve("vda.revert.qcow2");
        DeviceStep.RevertExternal revert = new DeviceStep.RevertExternal(UUID.randomUUID(), "vda", base, fresh, snapshot);
        assertEquals(fresh, writer.prepare(revert).activeImage());
        Qemu.assertClean(fresh);
        assertTrue(Qemu.sameContent(base, fresh));
        writer.compensate(revert);
        assertFalse(Files.exists(fresh));
    }

    @Test
    void internalDeleteChecksFirstThenDropsOnlyThatEntry() throws Exception {
        Path img = disk("vda.qcow2");
        writer.prepare(internal(img));
        Qemu.img("snapshot", "-c", "foreign", img).ok();
        byte[] before = Files.readAllBytes(img);
        DeviceStep.DeleteInternal delete = new DeviceStep.DeleteInternal(UUID.randomUUID(), "vda", img, snapshot, "7");
        assertFalse(writer.prepare(delete).alreadyDone());
        assertTrue(Arrays.equals(before, Files.readAllBytes(img)), "prepare of a delete must not write");
        writer.commit(delete);
        writer.commit(delete);
        Qemu.assertClean(img);
        assertEquals(1, Qemu.info(img).get("snapshots").size());
        assertEquals("foreign", Qemu.info(img).get("snapshots").get(0).get("name").asText());
        assertTrue(writer.prepare(delete).alreadyDone());
    }
}
