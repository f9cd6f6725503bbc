package io.snapledger.image.writer;

import io.snapledger.image.ImageOperationException;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Removing an external snapshot's frozen image: every file that read from it reads the same bytes
 * afterwards, as QEMU's own tools see them, whichever way the files are merged.
 */
class ExternalDeleteTest {
    @TempDir
    Path dir;
    private final DeviceWriter writer = new ImageDeviceWriter();

    private Path base() {
        Path base = dir.resolve("base.qcow2");
        Qemu.create(base, "4M");
        Qemu.io(base, "qcow2", "write -P 0x11 0 2M");
        return base;
    }

    private Path overlay(String name, Path backing, String write) {
        Path overlay = dir.resolve(name);
        Qemu.img("create", "-q", "-f", "qcow2", "-b", backing.getFileName().toString(), "-F", "qcow2", overlay).ok();
        Qemu.io(overlay, "qcow2", write);
        return overlay;
    }

    private Path view(Path image, String name) {
        return Qemu.exportRaw(image, dir.resolve(name + ".raw"));
    }

    private DeviceStep.DeleteExternal delete(Path active, Path frozen, Path... files) {
        return new DeviceStep.DeleteExternal(UUID.randomUUID(), "vda", active, frozen, List.of(files), UUID.randomUUID());
    }

    @Test
    void theOnlyReaderBeingTheActiveOverlayIsCommittedDownAndTheFrozenImageBecomesActive() throws Exception {
        Path base = base();
        Qemu.img("snapshot", "-c", "kept", base).ok();
        Path kept = Qemu.exportSnapshot(base, "kept", dir.resolve("kept.raw"));
        Path top = overlay("top.qcow2", base, "write -P 0x22 1M 2M");
        Path guest = view(top, "guest");
        DeviceStep.DeleteExternal step = delete(top, base, base, top);

        writer.prepare(step);
        DeviceResult result = writer.commit(step);

        assertEquals(base, result.activeImage());
        assertFalse(Files.exists(top));
        Qemu.assertClean(base);
        assertTrue(Qemu.sameContent(guest, base));
        assertTrue(Qemu.sameContent(kept, Qemu.exportSnapshot(base, "kept", dir.resolve("kept-after.raw"))));
        DeviceResult again = writer.commit(step);
        assertEquals(base, again.activeImage());
        assertTrue(again.alreadyDone());
    }

    @Test
    void severalReadersEachTakeTheFrozenDataAndTheFrozenImageGoes() throws Exception {
        Path base = base();
        Path middle = overlay("middle.qcow2", base, "write -P 0x22 1M 1M");
        Path tip = overlay("tip.qcow2", middle, "write -P 0x33 3M 512k");
        Path revert = overlay("revert.qcow2", middle, "write -P 0x44 0 512k");
        Path tipView = view(tip, "tip");
        Path revertView = view(revert, "revert");
        DeviceStep.DeleteExternal step = delete(revert, middle, base, middle, tip, revert);

        writer.prepare(step);
        DeviceResult result = writer.commit(step);

        assertEquals(revert, result.activeImage());
        assertFalse(Files.exists(middle));
        for (Path reader : List.of(tip, revert)) {
            Qemu.assertClean(reader);
            assertEquals("base.qcow2", Qemu.info(reader).get("backing-filename").asText());
        }
        assertTrue(Qemu.sameContent(tipView, tip));
        assertTrue(Qemu.sameContent(revertView, revert));
        assertTrue(writer.commit(step).alreadyDone());
    }

    @Test
    void aChainLosesBothFrozenLayersInEitherOrderWithTheGuestUnchanged() throws Exception {
        for (boolean lowerFirst : new boolean[] {true, false}) {
            Path base = base();
            Path middle = overlay("middle.qcow2", base, "write -P 0x22 1M 1M");
            Path top = overlay("top.qcow2", middle, "write -P 0x33 3M 512k");
            Path guest = view(top, "guest-" + lowerFirst);
            DeviceStep.DeleteExternal lower = delete(top, base, base, middle, top);
            DeviceStep.DeleteExternal upper = delete(top, middle, base, middle, top);
            Path active = top;
            for (DeviceStep.DeleteExternal step : lowerFirst ? List.of(lower, upper) : List.of(upper, lower)) {
                writer.prepare(step);
                Path now = writer.commit(step).activeImage();
                if (!now.equals(step.image())) {
                    active = now;
                }
            }
            assertEquals(middle, active);
            Qemu.assertClean(active);
            assertTrue(Qemu.sameContent(guest, active));
            Files.deleteIfExists(base);
            Files.deleteIfExists(middle);
            Files.deleteIfExists(top);
        }
    }

    @Test
    void aFrozenImageHoldingInternalSnapshotsWithSeveralReadersIsRefusedUnchanged() throws Exception {
        Path base = base();
        Qemu.img("snapshot", "-c", "inside", base).ok();
        Path tip = overlay("tip.qcow2", base, "write -P 0x33 3M 512k");
        Path revert = overlay("revert.qcow2", base, "write -P 0x44 0 512k");
        byte[] before = Files.readAllBytes(base);
        DeviceStep.DeleteExternal step = delete(revert, base, base, tip, revert);

        ImageOperationException e = assertThrows(ImageOperationException.class, () -> writer.prepare(step));

        assertTrue(e.getMessage().contains("internal snapshot"), e.getMessage());
        assertTrue(e.getMessage().contains("--metadata"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(base)));
    }
}
