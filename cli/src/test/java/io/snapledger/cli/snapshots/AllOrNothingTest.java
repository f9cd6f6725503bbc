package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A snapshot happens on every device or on none: a device that fails, or cannot take part, changes nothing. */
class AllOrNothingTest {
    @TempDir
    Path dir;

    @Test
    void aDeviceFailingMidOperationLeavesNoDeviceChanged() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        vm.write(vm.disk("vda"), "write -P 0x31 0 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");
        Path vdaAtS1 = vm.content(vm.disk("vda"));
        List<String> filesBefore = files(dir);

        // vda internal (the default) works; vdb's overlay would go into a folder that does not exist
        Path missing = dir.resolve("no-such-folder").resolve("vdb.s2.qcow2");
        String error = vm.cli("snapshot-create", Vm.NAME, "--name", "s2", "--disk-only",
                "--diskspec", "vdb,snapshot=external,file=" + missing).singleErrorLine(1);
        assertTrue(error.startsWith(
                "snapledger: the snapshot was not taken and no disk was changed: device vdb failed"), error);
        assertTrue(error.contains("no-such-folder"), error);

        vm.assertImagesAgree();
        assertEquals(List.of("1:s1"), Vm.table(vm.disk("vda")));
        assertEquals(filesBefore, files(dir));
        assertFalse(Files.exists(missing.getParent()));
        Vm.assertSameContent(vdaAtS1, vm.disk("vda"));
        assertEquals("s1\n\n", vm.ok("snapshot-list", Vm.NAME, "--name"));
        assertEquals("s1\n", vm.ok("snapshot-current", Vm.NAME));
        String history = vm.ok("history", Vm.NAME);
        assertTrue(history.contains("SnapshotAborted"), history);
        assertTrue(history.contains("DeviceSnapshotCompensated"), history);

        // the name was not used up (its number was: numbers are never reused)
        vm.ok("snapshot-create", Vm.NAME, "--name", "s2");
        vm.assertImagesAgree();
        assertEquals(List.of("1:s1", "3:s2"), Vm.table(vm.disk("vdb")));
    }

    @Test
    void aRawDiskAskedForAnInternalSnapshotIsRefusedBeforeAnythingIsWritten() {
        Vm vm = Vm.qcow2(dir, "vda").raw("vdb").define();
        vm.write(vm.disk("vda"), "write -P 0x41 0 1M");
        String vda = Vm.fingerprint(vm.disk("vda"));
        String vdb = Vm.fingerprint(vm.disk("vdb"));

        assertEquals("snapledger: device vdb (" + vm.disk("vdb") + ") is a raw image and cannot hold an internal "
                        + "snapshot; use --diskspec vdb,snapshot=external or --diskspec vdb,snapshot=no",
                vm.cli("snapshot-create", Vm.NAME, "--name", "s1").singleErrorLine(1));
        assertEquals(vda, Vm.fingerprint(vm.disk("vda")));
        assertEquals(vdb, Vm.fingerprint(vm.disk("vdb")));
        assertEquals("[ ]\n", vm.ok("snapshot-list", Vm.NAME, "--json"));

        // the raw disk can take part externally: it is frozen under a new qcow2 overlay
        Path rawContent = vm.content(vm.disk("vdb"));
        JsonNode s1 = vm.json("snapshot-create", Vm.NAME, "--name", "s1", "--disk-only",
                "--diskspec", "vdb,snapshot=external", "--json");
        assertEquals("internal", s1.get("devices").get(0).get("snapshot").asText());
        assertEquals("external", s1.get("devices").get(1).get("snapshot").asText());
        Path overlay = Path.of(s1.get("devices").get(1).get("file").asText());
        assertEquals(dir.resolve("vdb.s1.qcow2"), overlay);
        assertEquals(vdb, Vm.fingerprint(vm.disk("vdb")));
        Qemu.assertClean(overlay);
        assertEquals(vm.disk("vdb").toString(), Qemu.info(overlay).get("full-backing-filename").asText());
        Vm.assertSameContent(rawContent, overlay);
        assertEquals(List.of("1:s1"), Vm.table(vm.disk("vda")));
    }

    private static List<String> files(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".raw") && !n.equals("home"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
