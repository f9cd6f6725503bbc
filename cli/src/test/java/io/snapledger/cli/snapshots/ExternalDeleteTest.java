package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deleting external snapshots through the CLI: the frozen image goes, and every surviving snapshot
 * and the guest read the same bytes as before on every disk, as QEMU's tools see them.
 */
class ExternalDeleteTest {
    @TempDir
    Path dir;

    private static final String[] BOTH_EXTERNAL = {"--disk-only", "--diskspec", "vda,snapshot=external",
            "--diskspec", "vdb,snapshot=external"};

    private void takeExternal(Vm vm, String name) {
        List<Object> args = new ArrayList<>(List.of("snapshot-create", Vm.NAME, "--name", name));
        args.addAll(List.of(BOTH_EXTERNAL));
        vm.ok(args.toArray());
    }

    /** Overlays are named after the image they cover: vda.s1.qcow2, then vda.s1.s2.qcow2. */
    private Path overlay(String device, String... snapshots) {
        return dir.resolve(device + "." + String.join(".", snapshots) + ".qcow2");
    }

    /** The same guest write on both disks' layer after {@code snapshots} (none: the disks themselves). */
    private void writeOnBoth(Vm vm, String command, String... snapshots) {
        for (String device : List.of("vda", "vdb")) {
            vm.write(snapshots.length == 0 ? vm.disk(device) : overlay(device, snapshots), command);
        }
    }

    private void assertFsckAndReconcileClean(Vm vm) {
        JsonNode problems = vm.json("fsck", Vm.NAME, "--json");
        assertEquals(0, problems.size(), problems.toString());
        Cli.Result drift = vm.cli("reconcile", Vm.NAME);
        assertEquals(0, drift.exit(), drift.out() + drift.err());
    }

    @Test
    void deletingTheOnlyExternalSnapshotCommitsTheOverlayBackIntoTheDisk() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        writeOnBoth(vm, "write -P 0x11 0 1M");
        takeExternal(vm, "s1");
        writeOnBoth(vm, "write -P 0x12 512k 1M", "s1");
        Path vdaGuest = vm.content(overlay("vda", "s1"));
        Path vdbGuest = vm.content(overlay("vdb", "s1"));

        vm.ok("snapshot-delete", Vm.NAME, "s1");

        for (String device : List.of("vda", "vdb")) {
            assertEquals(vm.disk(device).toString(), vm.activeImage(device));
            assertFalse(Files.exists(overlay(device, "s1")));
            Qemu.assertClean(vm.disk(device));
        }
        Vm.assertSameContent(vdaGuest, vm.disk("vda"));
        Vm.assertSameContent(vdbGuest, vm.disk("vdb"));
        assertEquals("", vm.ok("snapshot-list", Vm.NAME, "--name").trim());
        assertFsckAndReconcileClean(vm);
    }

    @Test
    void deletingFrozenLayersStreamsThemIntoEveryFileReadingFromThem() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        writeOnBoth(vm, "write -P 0x11 0 2M");
        takeExternal(vm, "s1");
        writeOnBoth(vm, "write -P 0x12 1M 1M", "s1");
        takeExternal(vm, "s2");
        writeOnBoth(vm, "write -P 0x13 1536k 1M", "s1", "s2");
        Path vdaAtS2 = vm.content(overlay("vda", "s1"));
        Path vdbAtS2 = vm.content(overlay("vdb", "s1"));
        Path vdaGuest = vm.content(overlay("vda", "s1", "s2"));
        Path vdbGuest = vm.content(overlay("vdb", "s1", "s2"));

        // s1's frozen images are the disks themselves: their data moves up into s1's overlays
        vm.ok("snapshot-delete", Vm.NAME, "s1");

        for (String device : List.of("vda", "vdb")) {
            assertFalse(Files.exists(vm.disk(device)), device + "'s frozen image should be gone");
            assertEquals(overlay(device, "s1", "s2").toString(), vm.activeImage(device));
            Qemu.assertClean(overlay(device, "s1"));
            Qemu.assertClean(overlay(device, "s1", "s2"));
        }
        Vm.assertSameContent(vdaAtS2, overlay("vda", "s1"));
        Vm.assertSameContent(vdbAtS2, overlay("vdb", "s1"));
        Vm.assertSameContent(vdaGuest, overlay("vda", "s1", "s2"));
        Vm.assertSameContent(vdbGuest, overlay("vdb", "s1", "s2"));
        JsonNode s2 = vm.json("snapshot-info", Vm.NAME, "s2", "--json");
        assertTrue(s2.get("parent").isNull(), s2.toString());
        assertFsckAndReconcileClean(vm);

        // a revert gives s2's frozen images a second reader; deleting s2 then feeds both
        vm.ok("snapshot-revert", Vm.NAME, "s2");
        String vdaRevert = vm.activeImage("vda");
        vm.write(Path.of(vdaRevert), "write -P 0x14 0 256k");
        Path revertGuest = vm.content(Path.of(vdaRevert));

        vm.ok("snapshot-delete", Vm.NAME, "s2");

        assertFalse(Files.exists(overlay("vda", "s1")));
        assertFalse(Files.exists(overlay("vdb", "s1")));
        assertEquals(vdaRevert, vm.activeImage("vda"));
        Qemu.assertClean(Path.of(vdaRevert));
        Vm.assertSameContent(revertGuest, Path.of(vdaRevert));
        Vm.assertSameContent(vdaGuest, overlay("vda", "s1", "s2"));
        assertEquals("", vm.ok("snapshot-list", Vm.NAME, "--name").trim());
        assertFsckAndReconcileClean(vm);
    }

    @Test
    void aFrozenDiskHoldingInternalSnapshotsIsRefusedWithEveryImageUnchanged() throws Exception {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        vm.write(vm.disk("vda"), "write -P 0x11 0 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "inside");
        takeExternal(vm, "s1");
        vm.ok("snapshot-revert", Vm.NAME, "s1");
        String vdaFingerprint = Vm.fingerprint(vm.disk("vda"));
        String vdbFingerprint = Vm.fingerprint(vm.disk("vdb"));

        Cli.Result refused = vm.cli("snapshot-delete", Vm.NAME, "s1");

        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("internal snapshot") && refused.err().contains("--metadata"), refused.err());
        assertEquals(vdaFingerprint, Vm.fingerprint(vm.disk("vda")));
        assertEquals(vdbFingerprint, Vm.fingerprint(vm.disk("vdb")));
        assertTrue(vm.ok("snapshot-list", Vm.NAME, "--name").contains("s1"));
        assertFsckAndReconcileClean(vm);
    }
}
