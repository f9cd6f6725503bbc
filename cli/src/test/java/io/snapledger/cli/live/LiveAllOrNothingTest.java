package io.snapledger.cli.live;

import io.snapledger.command.domain.Identities;
import io.snapledger.command.live.FaultInjectingLiveWriter;
import io.snapledger.core.Caller;
import io.snapledger.core.EventOutlet;
import io.snapledger.core.LocalLedger;
import io.snapledger.core.SnapshotRequest;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.QemuLink;
import io.snapledger.image.ImageException;
import io.snapledger.image.writer.ImageDeviceWriter;
import io.snapledger.qmp.BlockDevice;
import io.snapledger.qmp.LiveBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static io.snapledger.cli.live.GuestVm.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A live step that fails leaves no half snapshot: the saga's compensation goes through QEMU too. */
class LiveAllOrNothingTest {
    @TempDir
    Path dir;
    private GuestVm vm;
    private LocalLedger ledger;
    private FaultInjectingLiveWriter faults;

    @AfterEach
    void close() {
        if (ledger != null) {
            ledger.close();
        }
        if (vm != null) {
            vm.close();
        }
    }

    private void open() throws Exception {
        vm = GuestVm.start(dir, "vda", "vdb");
        ledger = LocalLedger.open(dir.resolve("home"), new ImageDeviceWriter(), w -> faults = new FaultInjectingLiveWriter(w),
                Clock.systemUTC(), Identities.random(), h -> EventOutlet.NONE, new PrintStream(new ByteArrayOutputStream()));
        ledger.defineLive(Caller.osUser(), "vm", List.of(
                new DeviceSpec("vda", vm.disks.get("vda").toString(), ImageFormat.QCOW2),
                new DeviceSpec("vdb", vm.disks.get("vdb").toString(), ImageFormat.QCOW2)),
                QemuLink.attached(vm.productSocket().toString()));
    }

    private List<String> tagsOn(String device) {
        BlockDevice d = new LiveBlock(vm.qmp()).device(device);
        return d.active().snapshots().stream().map(s -> s.name()).toList();
    }

    @Test
    void aSaveThatFailsAfterQemuTookItIsTakenOffEveryDisk() throws Exception {
        open();
        faults.arm("save:after");
        ImageException e = assertThrows(ImageException.class, () -> ledger.take(Caller.osUser(),
                SnapshotRequest.of("vm", "s1", null)));
        assertTrue(e.getMessage().contains("the snapshot was not taken") && e.getMessage().contains("injected fault"),
                e.getMessage());
        assertEquals(List.of(), tagsOn("vda"));
        assertEquals(List.of(), tagsOn("vdb"));
        assertEquals(0, ledger.queries().count("vm"));

        ledger.take(Caller.osUser(), SnapshotRequest.of("vm", "s1", null)); // the name is free again
        assertEquals(List.of("s1"), tagsOn("vda"));
        assertEquals(List.of("s1"), tagsOn("vdb"));
    }

    @Test
    void aLoadThatFailsLeavesTheDomainWhereItWasAndCurrentUnmoved() throws Exception {
        open();
        vm.write("vda", 0x11, 0, MB);
        ledger.take(Caller.osUser(), SnapshotRequest.of("vm", "s1", null));
        vm.write("vda", 0x22, 0, MB);
        ledger.take(Caller.osUser(), SnapshotRequest.of("vm", "s2", null));
        faults.arm("load:before");
        ImageException e = assertThrows(ImageException.class, () -> ledger.revert(Caller.osUser(), "vm", "s1"));
        assertTrue(e.getMessage().contains("was not reverted"), e.getMessage());
        vm.assertReads("vda", 0x22, 0, MB);
        assertEquals("s2", ledger.queries().current("vm").orElseThrow().name());
    }

    @Test
    void aCheckpointThatFailsAfterItWasMadeIsUndoneWholeAndTheVmRunsOn() throws Exception {
        open();
        vm.write("vda", 0x11, 0, MB);
        Path state = dir.resolve("c1.vmstate");
        faults.arm("checkpoint:after");
        ImageException e = assertThrows(ImageException.class, () -> ledger.take(Caller.osUser(), new SnapshotRequest(
                "vm", "c1", null, io.snapledger.events.model.MemoryPlan.external(state.toString()), List.of(), false)));
        assertTrue(e.getMessage().contains("the snapshot was not taken") && e.getMessage().contains("injected fault"),
                e.getMessage());
        for (String device : List.of("vda", "vdb")) {
            assertEquals(List.of(dir.resolve(device + ".qcow2").toString()),
                    new LiveBlock(vm.qmp()).device(device).chainFilenames(), device + " is back on its image");
            assertFalse(Files.exists(dir.resolve(device + ".c1.qcow2")), device + "'s overlay file is gone");
        }
        assertFalse(Files.exists(state), "the memory state file is gone");
        assertEquals("running", new LiveBlock(vm.qmp()).queryStatus().status(), "the VM runs");
        vm.assertReads("vda", 0x11, 0, MB);
        assertEquals(0, ledger.queries().count("vm"));

        Files.writeString(state, "someone else's file");
        e = assertThrows(ImageException.class, () -> ledger.take(Caller.osUser(), new SnapshotRequest(
                "vm", "c1", null, io.snapledger.events.model.MemoryPlan.external(state.toString()), List.of(), false)));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("someone else's file", Files.readString(state), "a file that was there is never touched");
        assertFalse(Files.exists(dir.resolve("vda.c1.qcow2")));
    }

    @Test
    void aDiskOnlySnapshotThatFailsAfterTheTransactionIsCommittedBackOnEveryDisk() throws Exception {
        open();
        vm.write("vda", 0x11, 0, MB);
        faults.arm("switch:after");
        ImageException e = assertThrows(ImageException.class, () -> ledger.take(Caller.osUser(),
                new SnapshotRequest("vm", "d1", null, null, List.of(), true)));
        assertTrue(e.getMessage().contains("the snapshot was not taken"), e.getMessage());
        for (String device : List.of("vda", "vdb")) {
            assertEquals(List.of(dir.resolve(device + ".qcow2").toString()),
                    new LiveBlock(vm.qmp()).device(device).chainFilenames(), device + " is back on its image");
            assertFalse(Files.exists(dir.resolve(device + ".d1.qcow2")), device + "'s overlay file is gone");
        }
        assertTrue(new LiveBlock(vm.qmp()).namedNodes().stream().map(n -> n.nodeName())
                .allMatch(n -> !n.startsWith("sl_") || n.startsWith("sl_vda_0") || n.startsWith("sl_vdb_0")),
                "no overlay node left in QEMU");
        vm.assertReads("vda", 0x11, 0, MB);
        assertEquals(0, ledger.queries().count("vm"));
        assertEquals(dir.resolve("vda.qcow2").toString(), ledger.queries().domain("vm").orElseThrow().devices().get(0).path());
    }
}
