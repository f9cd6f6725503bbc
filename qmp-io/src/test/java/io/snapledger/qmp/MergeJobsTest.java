package io.snapledger.qmp;

import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.snapledger.qmp.LiveVm.base;
import static io.snapledger.qmp.TransactionAction.external;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** block-commit of the active layer and block-stream, on a live VM. */
class MergeJobsTest {
    private static final Duration T = Duration.ofSeconds(30);
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void activeCommitBringsTheOverlaysWritesIntoTheBaseAndTheOverlayCanThenBeDetachedAndDeleted() throws Exception {
        Path overlay = dir.resolve("vda.s1.qcow2");
        try (LiveVm vm = LiveVm.create(dir, "vda")) {
            vm.io.write("vda", 0x11, 0, MB);
            String top = Overlays.createAndAdd(vm, "vda", vm.image("vda"), "s1", Overlays.mark("s1"));
            vm.block.transaction(List.of(external(base("vda"), top)));
            vm.io.write("vda", 0x44, 0, 64 << 10);

            QmpException inUse = assertThrows(QmpException.class, () -> vm.block.blockdevDel(top));
            assertEquals("Node " + top + " is in use", inUse.description());

            List<String> statuses = new ArrayList<>();
            JobInfo done = vm.block.blockCommit("commit-s1", top, null, null, 0, j -> statuses.add(j.status()), T);
            assertEquals("commit", done.type());
            assertEquals("concluded", statuses.get(statuses.size() - 1));
            assertTrue(done.totalProgress() > 0);
            BlockDevice vda = vm.block.device("vda");
            assertEquals(base("vda"), vda.nodeName());
            assertEquals(List.of(vm.image("vda").toString()), vda.chainFilenames());
            vm.io.assertReads("vda", 0x44, 0, 64 << 10);

            vm.block.blockdevDel(top); // format node; its inline file node goes with it
            assertTrue(vm.block.namedNodes().stream().noneMatch(n -> n.filename().equals(overlay.toString())));
            QmpException fileGone = assertThrows(QmpException.class, () -> vm.block.blockdevDel(NodeNames.file("vda", "s1")));
            assertEquals("Failed to find node with node-name='sl_vda_s1_file'", fileGone.description());
            Files.delete(overlay);
            vm.io.write("vda", 0x55, MB, 64 << 10);
            vm.quit();
        }
        assertFalse(Files.exists(overlay));
        LiveVm.assertFileReads(dir.resolve("vda.qcow2"), 0x44, 0, 64 << 10);
        LiveVm.assertFileReads(dir.resolve("vda.qcow2"), 0x11, 64 << 10, MB - (64 << 10));
        LiveVm.assertFileReads(dir.resolve("vda.qcow2"), 0x55, MB, 64 << 10);
        new LiveVmFiles(dir).assertAllClean();
    }

    @Test
    void streamCopiesTheBaseIntoTheOverlayWhichThenHasNoBacking() throws Exception {
        Path overlay = dir.resolve("vda.s1.qcow2");
        try (LiveVm vm = LiveVm.create(dir, "vda")) {
            vm.io.write("vda", 0x11, 0, MB);
            String top = Overlays.createAndAdd(vm, "vda", vm.image("vda"), "s1", Overlays.mark("s1"));
            vm.block.transaction(List.of(external(base("vda"), top)));
            vm.io.write("vda", 0x66, 0, 64 << 10);

            JobInfo done = vm.block.blockStream("stream-s1", top, null, 0, j -> { }, T);
            assertEquals("stream", done.type());
            assertEquals(done.totalProgress(), done.currentProgress());
            BlockDevice vda = vm.block.device("vda");
            assertEquals(top, vda.nodeName());
            assertEquals(List.of(overlay.toString()), vda.chainFilenames());
            assertEquals(overlay.toString(), vda.active().qemuFilename(), "no backing: a plain filename again");

            vm.block.blockdevDel(base("vda")); // the old base, opened with -blockdev, stays open until deleted
            vm.block.blockdevDel(NodeNames.file("vda", "0")); // its separately added file node next
            assertTrue(vm.block.namedNodes().stream().noneMatch(n -> n.filename().equals(vm.image("vda").toString())));
            vm.quit();
        }
        assertTrue(Qemu.info(overlay).path("backing-filename").isMissingNode());
        Files.delete(dir.resolve("vda.qcow2"));
        LiveVm.assertFileReads(overlay, 0x66, 0, 64 << 10);
        LiveVm.assertFileReads(overlay, 0x11, 64 << 10, MB - (64 << 10));
        new LiveVmFiles(dir).assertAllClean();
    }
}
