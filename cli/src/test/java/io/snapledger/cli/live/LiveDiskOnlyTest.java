package io.snapledger.cli.live;

import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import io.snapledger.image.writer.OverlayMarker;
import io.snapledger.qmp.BlockDevice;
import io.snapledger.qmp.LiveBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.snapledger.cli.live.GuestVm.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Disk-only external snapshots of a running domain: every disk switched to a marked overlay in one transaction. */
class LiveDiskOnlyTest {
    @TempDir
    Path dir;
    private GuestVm vm;

    @AfterEach
    void stopQemu() {
        if (vm != null) {
            vm.close();
        }
    }

    private Cli.Result cli(Object... args) {
        return GuestVm.cli(dir, args);
    }

    private void defineLive() throws Exception {
        vm = GuestVm.defineAttached(dir);
    }

    private BlockDevice device(String device) {
        return new LiveBlock(vm.qmp()).device(device);
    }

    @Test
    void everyDiskSwitchesToItsMarkedOverlayAndTheGuestWritesLandThere() throws Exception {
        defineLive();
        vm.write("vda", 0x11, 0, MB);
        vm.write("vdb", 0x12, 0, MB);
        cli("snapshot-create", "vm", "--name", "d1", "--disk-only").ok();
        Path vdaOverlay = dir.resolve("vda.d1.qcow2");
        Path vdbOverlay = dir.resolve("vdb.d1.qcow2");
        assertEquals(List.of(vdaOverlay.toString(), dir.resolve("vda.qcow2").toString()), device("vda").chainFilenames());
        assertEquals(List.of(vdbOverlay.toString(), dir.resolve("vdb.qcow2").toString()), device("vdb").chainFilenames());
        assertTrue(device("vda").nodeName().startsWith("sl_vda_"), device("vda").nodeName());
        vm.write("vda", 0x21, 0, MB);
        vm.write("vdb", 0x22, 0, MB);
        vm.assertReads("vda", 0x21, 0, MB);
        assertTrue(cli("domains").ok().out().contains("vda=" + vdaOverlay));
        cli("snapshot-create", "vm", "--name", "x").ok(); // the disk check passes on the overlays
        vm.quit();

        for (Path file : List.of(dir.resolve("vda.qcow2"), dir.resolve("vdb.qcow2"), vdaOverlay, vdbOverlay)) {
            Qemu.assertClean(file);
        }
        Qemu.io(dir.resolve("vda.qcow2"), "qcow2", "read -P 0x11 0 1048576");
        Qemu.io(dir.resolve("vdb.qcow2"), "qcow2", "read -P 0x12 0 1048576");
        Qemu.io(vdaOverlay, "qcow2", "read -P 0x21 0 1048576");
        Qemu.io(vdbOverlay, "qcow2", "read -P 0x22 0 1048576");
        OverlayMarker mark = OverlayMarker.read(vdaOverlay);
        assertNotNull(mark, "snapledger's mark survived QEMU");
        assertEquals("d1", mark.taken().name());
        assertEquals(dir.resolve("vda.qcow2").toString(),
                Qemu.info(vdaOverlay).path("backing-filename").asText(), "an absolute backing name");
        assertTrue(cli("fsck").ok().out().contains("No problems were found."));
    }

    @Test
    void anOverlayThatCannotBeMadeSwitchesNoDiskAndLeavesNoOverlayFile() throws Exception {
        defineLive();
        Path nowhere = dir.resolve("missing-folder").resolve("vdb.bad.qcow2");
        String error = cli("snapshot-create", "vm", "--name", "bad", "--disk-only", "--diskspec",
                "vdb,snapshot=external,file=" + nowhere).singleErrorLine(1);
        assertTrue(error.contains("the snapshot was not taken and no disk was changed")
                && error.contains("folder missing or not writable"), error);
        assertEquals(List.of(dir.resolve("vda.qcow2").toString()), device("vda").chainFilenames());
        assertEquals(List.of(dir.resolve("vdb.qcow2").toString()), device("vdb").chainFilenames());
        assertFalse(Files.exists(dir.resolve("vda.bad.qcow2")), "vda's overlay, made first, was removed");
        assertTrue(new LiveBlock(vm.qmp()).namedNodes().stream().noneMatch(n -> n.nodeName().startsWith("sl_vda_")
                && !n.nodeName().startsWith("sl_vda_0")), "no overlay node left in QEMU");
        assertFalse(cli("snapshot-list", "vm").ok().out().contains("bad"));
    }
}
