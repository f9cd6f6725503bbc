package io.snapledger.qmp;

import io.snapledger.image.writer.OverlayMarker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.snapledger.qmp.LiveVm.base;
import static io.snapledger.qmp.TransactionAction.external;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** blockdev-snapshot in a transaction, over overlays image-io created beforehand. */
class ExternalSnapshotTransactionTest {
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void qemuSwitchesToPreCreatedMarkedOverlaysAndKeepsTheMarkAndOurBackingName() throws Exception {
        OverlayMarker markA = Overlays.mark("s1");
        OverlayMarker markB = Overlays.mark("s1");
        Path overlayA;
        Path overlayB;
        try (LiveVm vm = LiveVm.create(dir, "vda", "vdb")) {
            vm.io.write("vda", 0x11, 0, MB);
            vm.io.write("vdb", 0x12, 0, MB);
            String nodeA = Overlays.createAndAdd(vm, "vda", vm.image("vda"), "s1", markA);
            String nodeB = Overlays.createAndAdd(vm, "vdb", vm.image("vdb"), "s1", markB);
            overlayA = dir.resolve("vda.s1.qcow2");
            overlayB = dir.resolve("vdb.s1.qcow2");

            vm.block.transaction(List.of(external(base("vda"), nodeA), external(base("vdb"), nodeB)));

            BlockDevice vda = vm.block.device("vda");
            assertEquals(nodeA, vda.nodeName());
            assertEquals(List.of(overlayA.toString(), vm.image("vda").toString()), vda.chainFilenames());
            assertTrue(vda.active().qemuFilename().startsWith("json:{"), "header says vda.qcow2, node says "
                    + "the absolute path: QEMU names the overlay by a json: pseudo-filename: " + vda.active().qemuFilename());
            assertEquals(nodeB, vm.block.device("vdb").nodeName());
            vm.io.write("vda", 0x33, 0, 64 << 10);
            vm.io.assertReads("vda", 0x11, 64 << 10, MB - (64 << 10));
            vm.quit();
        }
        assertEquals(markA, OverlayMarker.read(overlayA), "QEMU kept header extension 0x534e4150");
        assertEquals(markB, OverlayMarker.read(overlayB));
        assertEquals("vda.qcow2", Overlays.backingName(overlayA), "QEMU did not rewrite the backing name");
        LiveVm.assertFileReads(overlayA, 0x33, 0, 64 << 10);
        LiveVm.assertFileReads(overlayA, 0x11, 64 << 10, MB - (64 << 10));
        LiveVm.assertFileReads(dir.resolve("vda.qcow2"), 0x11, 0, MB);
        LiveVm.assertFileReads(overlayB, 0x12, 0, MB);
        new LiveVmFiles(dir).assertAllClean();
    }

    @Test
    void anOverlayWhoseHeaderNamesItsBackingByAbsolutePathKeepsAPlainFilenameInQemu() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda")) {
            Path file = dir.resolve("vda.s1.qcow2");
            io.snapledger.image.qcow2.Qcow2Creator.create(file, io.snapledger.image.qcow2.Qcow2Creator.Options
                    .overlay(vm.image("vda").toString(), io.snapledger.image.ImageFormat.QCOW2)
                    .withExtensions(List.of(Overlays.mark("s1").toExtension())));
            vm.block.addOverlayNode("sl_vda_s1", "sl_vda_s1_file", file);
            vm.block.transaction(List.of(external(base("vda"), "sl_vda_s1")));
            assertEquals(file.toString(), vm.block.device("vda").active().qemuFilename());
            vm.quit();
        }
        assertEquals(dir.resolve("vda.qcow2").toString(), Overlays.backingName(dir.resolve("vda.s1.qcow2")));
    }

    @Test
    void aTransactionWhoseSecondActionFailsLeavesTheFirstDiskOnItsOldImage() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda", "vdb")) {
            String nodeA = Overlays.createAndAdd(vm, "vda", vm.image("vda"), "s1", Overlays.mark("s1"));
            QmpException e = assertThrows(QmpException.class, () -> vm.block.transaction(
                    List.of(external(base("vda"), nodeA), external("nope", "nope-overlay"))));
            assertEquals("GenericError", e.errorClass());
            assertEquals("Cannot find device='nope' nor node-name='nope'", e.description());
            BlockDevice vda = vm.block.device("vda");
            assertEquals(base("vda"), vda.nodeName());
            assertEquals(List.of(vm.image("vda").toString()), vda.chainFilenames());

            vm.block.blockdevDel(nodeA); // the unused overlay node goes, with its inline file node
            assertTrue(vm.block.namedNodes().stream().noneMatch(n -> n.nodeName().contains("_s1")));
            vm.quit();
        }
        new LiveVmFiles(dir).assertAllClean();
    }

    @Test
    void anOverlayAlreadyInUseIsRefusedAndNothingSwitches() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda", "vdb")) {
            String nodeA = Overlays.createAndAdd(vm, "vda", vm.image("vda"), "s1", Overlays.mark("s1"));
            vm.block.transaction(List.of(external(base("vda"), nodeA)));
            QmpException e = assertThrows(QmpException.class,
                    () -> vm.block.transaction(List.of(external(base("vdb"), nodeA))));
            assertEquals("The overlay is already in use", e.description());
            assertEquals(base("vdb"), vm.block.device("vdb").nodeName());
            vm.quit();
        }
    }
}
