package io.snapledger.qmp;

import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.snapledger.qmp.LiveVm.base;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** snapshot-save / snapshot-load / snapshot-delete: internal snapshots with memory, as jobs. */
class InternalSnapshotJobsTest {
    private static final Duration T = Duration.ofSeconds(30);
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void saveLoadDeleteCoverBothDisksAndOnlyTheVmstateDiskHoldsMemory() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda", "vdb")) {
            List<String> nodes = List.of(base("vda"), base("vdb"));
            vm.io.write("vda", 0x11, 0, MB);
            vm.io.write("vdb", 0x12, 0, MB);
            List<JobInfo> seen = new ArrayList<>();
            JobInfo saved = vm.block.snapshotSave("save-t1", "t1", base("vda"), nodes, seen::add, T);
            assertEquals("snapshot-save", saved.type());
            assertTrue(saved.concluded());
            assertEquals("running", vm.block.queryStatus().status(), "a running VM runs again after the save");

            InternalSnapshot onVda = vm.block.device("vda").active().snapshots().get(0);
            InternalSnapshot onVdb = vm.block.device("vdb").active().snapshots().get(0);
            assertEquals("t1", onVda.name());
            assertTrue(onVda.vmStateSize() > 0, "memory went to vda: " + onVda);
            assertEquals(0, onVdb.vmStateSize());
            assertTrue(LiveVm.snapshotList(vm.image("vdb")).contains("t1"));

            vm.io.write("vda", 0x21, 0, MB);
            vm.io.write("vdb", 0x22, 0, MB);
            vm.block.snapshotLoad("load-t1", "t1", base("vda"), nodes, j -> { }, T);
            vm.io.assertReads("vda", 0x11, 0, MB);
            vm.io.assertReads("vdb", 0x12, 0, MB);

            QmpJobFailedException missing = assertThrows(QmpJobFailedException.class,
                    () -> vm.block.snapshotLoad("load-x", "nope", base("vda"), nodes, j -> { }, T));
            assertEquals("Snapshot 'nope' does not exist in one or more devices", missing.description());
            assertTrue(vm.block.jobs().findJob("load-x").isEmpty(), "a failed job is dismissed too");

            vm.block.snapshotDelete("delete-t1", "t1", nodes, j -> { }, T);
            assertTrue(vm.block.device("vda").active().snapshots().isEmpty());
            assertTrue(vm.block.device("vdb").active().snapshots().isEmpty());
            vm.block.snapshotDelete("delete-again", "t1", nodes, j -> { }, T); // QEMU 7.2: no error for a missing tag
            vm.quit();
        }
        assertFalse(LiveVm.snapshotList(dir.resolve("vda.qcow2")).contains("t1"));
        assertFalse(LiveVm.snapshotList(dir.resolve("vdb.qcow2")).contains("t1"));
        LiveVm.assertFileReads(dir.resolve("vda.qcow2"), 0x11, 0, MB);
        new LiveVmFiles(dir).assertAllClean();
    }

    @Test
    void snapshotSaveWritesNoSnapledgerExtraDataAndImageIoCanReadTheImagesWhileQemuRuns() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda", "vdb")) {
            vm.block.snapshotSave("save-x", "x", base("vda"), List.of(base("vda"), base("vdb")), j -> { }, T);
            try (Qcow2Image readOnly = Qcow2Image.open(vm.image("vdb"), false)) {
                assertEquals(64L << 20, readOnly.virtualSize()); // QEMU's locks allow shared readers
            }
            assertThrows(RuntimeException.class, () -> Qcow2Image.open(vm.image("vdb"), true).close(),
                    "QEMU's write lock keeps image-io from writing");
            vm.quit();
        }
        try (Qcow2Image image = Qcow2Image.open(dir.resolve("vda.qcow2"), false)) {
            SnapshotEntry entry = image.snapshots().get(0);
            assertEquals("x", entry.name());
            assertEquals("1", entry.id());
            assertNull(entry.uuid(), "QEMU writes only its own extra data");
            assertTrue(entry.vmStateSize() > 0);
        }
    }
}
