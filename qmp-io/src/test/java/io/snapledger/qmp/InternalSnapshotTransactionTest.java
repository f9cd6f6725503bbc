package io.snapledger.qmp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.snapledger.qmp.LiveVm.base;
import static io.snapledger.qmp.TransactionAction.external;
import static io.snapledger.qmp.TransactionAction.internal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** blockdev-snapshot-internal-sync in transactions: disk-only internal snapshots of a group. */
class InternalSnapshotTransactionTest {
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void bothDisksGetTheTagWithoutMemoryAndEachDiskItsOwnNextId() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda", "vdb")) {
            vm.io.write("vda", 0x11, 0, MB);
            vm.block.transaction(List.of(internal(base("vda"), "before")));
            vm.block.transaction(List.of(internal(base("vda"), "g1"), internal(base("vdb"), "g1")));

            InternalSnapshot onVda = vm.block.device("vda").active().snapshots().get(1);
            InternalSnapshot onVdb = vm.block.device("vdb").active().snapshots().get(0);
            assertEquals("g1", onVda.name());
            assertEquals("2", onVda.id(), "vda had snapshot 1 already");
            assertEquals("g1", onVdb.name());
            assertEquals("1", onVdb.id());
            assertEquals(0, onVda.vmStateSize());
            assertEquals(0, onVdb.vmStateSize());

            QmpException taken = assertThrows(QmpException.class, () -> vm.block.transaction(
                    List.of(internal(base("vda"), "g2"), internal(base("vdb"), "g1"))));
            assertEquals("Snapshot with name 'g1' already exists on device '" + base("vdb") + "'", taken.description());
            assertEquals(2, vm.block.device("vda").active().snapshots().size(), "g2 rolled back on vda");

            QmpException byQdevId = assertThrows(QmpException.class,
                    () -> vm.block.transaction(List.of(internal("vda", "g3"))));
            assertEquals("Cannot find device='vda' nor node-name='vda'", byQdevId.description());
            vm.quit();
        }
        assertTrue(LiveVm.snapshotList(dir.resolve("vdb.qcow2")).contains("g1"));
        new LiveVmFiles(dir).assertAllClean();
    }

    @Test
    void oneTransactionMixesAnInternalSnapshotOfOneDiskWithAnExternalOneOfTheOther() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda", "vdb")) {
            vm.io.write("vda", 0x11, 0, MB);
            vm.io.write("vdb", 0x12, 0, MB);
            String nodeA = Overlays.createAndAdd(vm, "vda", vm.image("vda"), "m1", Overlays.mark("m1"));
            vm.block.transaction(List.of(internal(base("vdb"), "m1"), external(base("vda"), nodeA)));
            assertEquals(nodeA, vm.block.device("vda").nodeName());
            assertEquals("m1", vm.block.device("vdb").active().snapshots().get(0).name());
            vm.io.write("vdb", 0x22, 0, MB);
            vm.quit();
        }
        Path vdb = dir.resolve("vdb.qcow2");
        io.snapledger.image.testing.Qemu.img("convert", "-l", "snapshot.name=m1", "-O", "qcow2", vdb, dir.resolve("m1.export")).ok();
        LiveVm.assertFileReads(dir.resolve("m1.export"), 0x12, 0, MB);
        LiveVm.assertFileReads(vdb, 0x22, 0, MB);
        new LiveVmFiles(dir).assertAllClean();
    }
}
