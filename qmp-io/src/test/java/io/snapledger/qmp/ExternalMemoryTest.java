package io.snapledger.qmp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.snapledger.qmp.LiveVm.base;
import static io.snapledger.qmp.TransactionAction.external;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * External memory state: stop, migrate to a file, switch disks in a transaction, cont; later a
 * new QEMU loads the state file on disks at that point.
 */
class ExternalMemoryTest {
    private static final Duration T = Duration.ofSeconds(30);
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void memorySavedToAFileWithDisksSwitchedAtThatPointStartsANewQemuPausedOnThoseDisks() throws Exception {
        Path memory = dir.resolve("s1.vmstate");
        try (LiveVm vm = LiveVm.create(dir, "vda", "vdb")) {
            vm.io.write("vda", 0x11, 0, MB);
            vm.io.write("vdb", 0x12, 0, MB);
            assertThrows(IllegalStateException.class, () -> vm.block.migrateToFile(memory, T), "a running VM is refused");
            QmpException fileUri = assertThrows(QmpException.class, () -> vm.block.qmp().execute("migrate",
                    vm.block.qmp().arguments().put("uri", "file:" + memory)));
            assertEquals("Parameter 'uri' expects a valid migration protocol", fileUri.description());

            vm.block.stop();
            MigrationResult saved = vm.block.migrateToFile(memory, T);
            assertEquals("completed", saved.status());
            assertTrue(Files.size(memory) > 0);
            assertEquals("postmigrate", vm.block.queryStatus().status());
            String a = Overlays.createAndAdd(vm, "vda", vm.image("vda"), "s1", Overlays.mark("s1"));
            String b = Overlays.createAndAdd(vm, "vdb", vm.image("vdb"), "s1", Overlays.mark("s1"));
            vm.block.transaction(List.of(external(base("vda"), a), external(base("vdb"), b)));
            vm.block.cont();
            assertEquals("running", vm.block.queryStatus().status());
            vm.io.write("vda", 0x21, 0, MB); // after the snapshot point: goes to the overlay
            vm.quit();
        }
        // revert to s1: fresh overlays over the frozen bases, QEMU loads the state file at start
        Path revertA = Overlays.create(dir.resolve("vda.qcow2"), dir.resolve("vda.r1.qcow2"), Overlays.mark("r1"));
        Path revertB = Overlays.create(dir.resolve("vdb.qcow2"), dir.resolve("vdb.r1.qcow2"), Overlays.mark("r1"));
        QemuProcess.Builder atStart = QemuProcess.builder(dir.resolve("qemu2")).disk("vda", revertA, "r1")
                .disk("vdb", revertB, "r1").incoming(LiveBlock.incomingUri(memory));
        try (LiveVm vm = LiveVm.start(dir, atStart)) {
            await().atMost(T).until(() -> !vm.block.queryStatus().status().equals("inmigrate"));
            assertEquals("paused", vm.block.queryStatus().status(), "the state was saved paused");
            vm.io.assertReads("vda", 0x11, 0, MB);
            vm.io.assertReads("vdb", 0x12, 0, MB);
            assertEquals(List.of(revertA.toString(), dir.resolve("vda.qcow2").toString()),
                    vm.block.device("vda").chainFilenames());
            vm.block.cont();
            assertEquals("running", vm.block.queryStatus().status());
            vm.quit();
        }
        Files.delete(revertA);
        Files.delete(revertB);
        Overlays.create(dir.resolve("vda.qcow2"), revertA, Overlays.mark("r2"));
        Overlays.create(dir.resolve("vdb.qcow2"), revertB, Overlays.mark("r2"));
        QemuProcess.Builder deferred = QemuProcess.builder(dir.resolve("qemu3")).disk("vda", revertA, "r2")
                .disk("vdb", revertB, "r2").incoming("defer");
        try (LiveVm vm = LiveVm.start(dir, deferred)) {
            assertEquals("inmigrate", vm.block.queryStatus().status());
            QmpException fileUri = assertThrows(QmpException.class, () -> vm.block.qmp().execute("migrate-incoming",
                    vm.block.qmp().arguments().put("uri", "file:" + memory)));
            assertEquals("unknown migration protocol: file:" + memory, fileUri.description());
            assertEquals("paused", vm.block.migrateIncomingFromFile(memory, T).status());
            vm.io.assertReads("vdb", 0x12, 0, MB);
            vm.quit();
        }
        QemuProcess.Builder oneDiskShort = QemuProcess.builder(dir.resolve("qemu4")).disk("vda", revertA, "r2")
                .incoming("defer");
        try (LiveVm vm = LiveVm.start(dir, oneDiskShort)) {
            assertThrows(QemuGoneException.class, () -> vm.block.migrateIncomingFromFile(memory, T));
            assertTrue(vm.qemu.awaitExit(T));
            assertEquals(1, vm.qemu.exitValue(), "a state that does not fit the machine ends QEMU");
            assertTrue(vm.qemu.log().contains("Unknown savevm section or instance '0000:00:03.0/virtio-blk' 0"),
                    vm.qemu.log());
        }
        new LiveVmFiles(dir).assertAllClean();
    }
}
